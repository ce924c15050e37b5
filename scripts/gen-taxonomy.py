#!/usr/bin/env python3
"""Generates the SQL migration that loads Trama's bundled taxonomies with
stable ids (UUID v5 from the code), so the same term has the same id in every
installation. Run: python3 scripts/gen-taxonomy.py > the migration file."""
import csv, uuid, os

NS = uuid.UUID("6f1c2b1e-4a55-4d0b-9d35-7e1a5c0f7a10")  # Trama taxonomy namespace

def tid(code):
    return str(uuid.uuid5(NS, code))

SERVICES = [
  ("EDU", "Educazione e tempo libero", "Education and leisure", [
    ("EDU-DOPO", "Doposcuola e aiuto compiti", "After-school and homework help"),
    ("EDU-SPORT", "Sport", "Sport"),
    ("EDU-ARTE", "Musica, arte e teatro", "Music, art and theatre"),
    ("EDU-ESTIVI", "Centri estivi", "Summer camps"),
    ("EDU-LUDO", "Ludoteche e spazi gioco", "Toy libraries and play spaces"),
    ("EDU-GIOV", "Centri di aggregazione giovanile", "Youth centres"),
    ("EDU-INF", "Prima infanzia", "Early childhood"),
    ("EDU-CORSI", "Corsi e laboratori", "Courses and workshops"),
    ("EDU-LETT", "Biblioteche e lettura", "Libraries and reading"),
  ]),
  ("FAM", "Sostegno alla famiglia", "Family support", [
    ("FAM-CENTRO", "Centri per le famiglie", "Family centres"),
    ("FAM-GENIT", "Sostegno alla genitorialità", "Parenting support"),
    ("FAM-MEDIA", "Mediazione familiare", "Family mediation"),
    ("FAM-AFFIDO", "Affido e adozione", "Foster care and adoption"),
    ("FAM-CONCIL", "Conciliazione e cura dei figli", "Childcare and work-life balance"),
    ("FAM-LEGALE", "Consulenza legale", "Legal advice"),
  ]),
  ("SAL", "Salute e benessere", "Health and well-being", [
    ("SAL-CONSULT", "Consultori", "Family health clinics"),
    ("SAL-PSICO", "Supporto psicologico", "Psychological support"),
    ("SAL-DIPEND", "Dipendenze", "Addictions"),
    ("SAL-PREV", "Prevenzione e promozione della salute", "Prevention and health promotion"),
    ("SAL-CURA", "Assistenza sanitaria e infermieristica", "Health and nursing care"),
  ]),
  ("CASA", "Casa", "Housing", [
    ("CASA-EMERG", "Emergenza abitativa", "Emergency housing"),
    ("CASA-AFFITTO", "Ricerca casa e affitto", "Finding a home and renting"),
    ("CASA-CONDO", "Condominio solidale", "Neighbourly help in the building"),
    ("CASA-UTENZE", "Bollette e utenze", "Bills and utilities"),
  ]),
  ("LAV", "Lavoro", "Work", [
    ("LAV-ORIENT", "Orientamento al lavoro", "Job guidance"),
    ("LAV-FORM", "Formazione professionale", "Vocational training"),
    ("LAV-INSER", "Inserimento lavorativo di persone fragili", "Job placement of vulnerable people"),
    ("LAV-TIROC", "Tirocini", "Traineeships"),
  ]),
  ("BEN", "Beni di prima necessità", "Basic necessities", [
    ("BEN-ALIM", "Pacchi e aiuti alimentari", "Food parcels and food aid"),
    ("BEN-EMPORIO", "Emporio solidale", "Solidarity store"),
    ("BEN-MENSA", "Mense", "Soup kitchens"),
    ("BEN-VEST", "Abbigliamento", "Clothing"),
    ("BEN-ARREDI", "Mobili e oggetti per la casa", "Furniture and household goods"),
    ("BEN-FARMACI", "Farmaci", "Medicines"),
  ]),
  ("ANZ", "Anziani", "Older people", [
    ("ANZ-DIURNI", "Centri diurni per anziani", "Day centres for older people"),
    ("ANZ-DOMIC", "Assistenza domiciliare", "Home care"),
    ("ANZ-COMPAGNIA", "Compagnia e telefonia amica", "Companionship and friendly calls"),
    ("ANZ-TRASP", "Trasporto e accompagnamento", "Transport and escort"),
    ("ANZ-ATTIV", "Attività per anziani", "Activities for older people"),
  ]),
  ("DIS", "Disabilità", "Disability", [
    ("DIS-CENTRI", "Centri per persone con disabilità", "Centres for people with disabilities"),
    ("DIS-SCUOLA", "Sostegno scolastico", "Support at school"),
    ("DIS-TEMPO", "Tempo libero inclusivo", "Inclusive leisure"),
    ("DIS-TRASP", "Trasporto", "Transport"),
    ("DIS-ADS", "Amministratore di sostegno", "Support administrator (legal guardian)"),
  ]),
  ("MIG", "Migranti", "Migrants", [
    ("MIG-ITAL", "Italiano per stranieri", "Italian for foreigners"),
    ("MIG-MEDIA", "Mediazione culturale", "Cultural mediation"),
    ("MIG-DOC", "Documenti e permessi", "Documents and permits"),
    ("MIG-ACCOGL", "Accoglienza", "Reception"),
  ]),
  ("ASC", "Ascolto e orientamento", "Listening and guidance", [
    ("ASC-SPORT", "Sportello sociale", "Social services desk"),
    ("ASC-CENTRO", "Centri di ascolto", "Listening centres"),
    ("ASC-VIOL", "Violenza di genere", "Gender-based violence"),
    ("ASC-DEBITI", "Consulenza su debiti e bilancio familiare", "Debt and household budget advice"),
  ]),
  ("VOL", "Volontariato e partecipazione", "Volunteering and participation", [
    ("VOL-OPP", "Opportunità di volontariato", "Volunteering opportunities"),
    ("VOL-BDT", "Banca del tempo", "Time bank"),
    ("VOL-CITT", "Cittadinanza attiva", "Active citizenship"),
  ]),
]

TARGETS = [
  ("DEST-INF", "Bambini 0-5 anni", "Children aged 0-5"),
  ("DEST-BAMB", "Bambini 6-10 anni", "Children aged 6-10"),
  ("DEST-PREADO", "Ragazzi 11-14 anni", "Young people aged 11-14"),
  ("DEST-ADO", "Adolescenti 15-18 anni", "Teenagers aged 15-18"),
  ("DEST-GIOV", "Giovani 18-30 anni", "Young adults aged 18-30"),
  ("DEST-FAM", "Famiglie", "Families"),
  ("DEST-GENIT", "Genitori", "Parents"),
  ("DEST-ADULTI", "Adulti", "Adults"),
  ("DEST-ANZ", "Anziani", "Older people"),
  ("DEST-DIS", "Persone con disabilità", "People with disabilities"),
  ("DEST-MIG", "Persone migranti", "Migrants"),
  ("DEST-DONNE", "Donne", "Women"),
  ("DEST-FRAGILI", "Persone in difficoltà economica", "People in financial hardship"),
  ("DEST-CAREGIVER", "Familiari che assistono (caregiver)", "Family carers"),
  ("DEST-TUTTI", "Tutti", "Everyone"),
]

def q(s):
    return "'" + s.replace("'", "''") + "'"

out = []
out.append("-- +goose Up")
out.append("-- Trama's bundled taxonomies, with stable ids (UUID v5 of the code, see")
out.append("-- scripts/gen-taxonomy.py). Admins can edit names and add terms.")
now = "'2026-11-22 00:00:00+00:00'"
taxes = [
  ("trama-servizi", "Servizi di welfare di comunità", "Categorie dei servizi e delle attività per le famiglie e la comunità (Trama)."),
  ("trama-destinatari", "Destinatari", "A chi si rivolge un servizio (Trama)."),
  ("cts-art5", "Attività di interesse generale (art. 5 CTS)", "Le attività di interesse generale dell'art. 5, comma 1, d.lgs. 117/2017 (Codice del Terzo settore)."),
]
for code, name, desc in taxes:
    uri = "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:decreto.legislativo:2017-07-03;117~art5" if code == "cts-art5" else ""
    out.append(f"INSERT INTO taxonomies (id, name, description, uri, version, code, updated_at) VALUES ({q(tid('taxonomy:'+code))}, {q(name)}, {q(desc)}, {q(uri)}, '1', {q(code)}, {now});")

def term(code, name, name_en, taxcode, parent, pos, desc=""):
    out.append("INSERT INTO taxonomy_terms (id, code, name, description, parent_id, taxonomy, language, taxonomy_id, term_uri, name_en, position, updated_at) VALUES "
               f"({q(tid(code))}, {q(code)}, {q(name)}, {q(desc)}, {q(tid(parent) if parent else '')}, {q(taxcode)}, 'it', {q(tid('taxonomy:'+taxcode))}, '', {q(name_en)}, {pos}, {now});")

pos = 0
for code, name, en, children in SERVICES:
    pos += 1
    term(code, name, en, "trama-servizi", None, pos * 100)
    for i, (c, n, e) in enumerate(children):
        term(c, n, e, "trama-servizi", code, pos * 100 + i + 1)
for i, (c, n, e) in enumerate(TARGETS):
    term(c, n, e, "trama-destinatari", None, i + 1)
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "..", "data", "attivita-interesse-generale.csv"), newline="") as f:
    for i, row in enumerate(csv.DictReader(f)):
        term("CTS-" + row["letter"].upper(), row["label_it"], row["label_en"], "cts-art5", None, i + 1,
             "Lettera " + row["letter"] + ") dell'art. 5, comma 1, d.lgs. 117/2017")
out.append("")
out.append("-- +goose Down")
out.append("DELETE FROM taxonomy_terms WHERE taxonomy IN ('trama-servizi', 'trama-destinatari', 'cts-art5');")
out.append("DELETE FROM taxonomies WHERE code IN ('trama-servizi', 'trama-destinatari', 'cts-art5');")
print("\n".join(out))
