package synthetic

// The catalogue the synthetic directory is written from: kinds of service
// with their names, sentences, ages, days, hours and costs, and the words
// organizations are named with. Texts are varied on purpose, so that the
// index has a realistic vocabulary and word frequencies.

// kind is a kind of service.
type kind struct {
	cat, target  string
	weight       int
	names        []string
	intro        []string // first sentence; %s is the comune
	ages         [][2]int // ranges to pick from; -1: open
	days         []string // BYDAY sets to pick from
	hours        [][2]string
	freeProb     float64
	seasonal     bool // September–June
	summer       bool // June–July
	confidential bool
}

var kinds = []kind{
	{cat: "EDU-SPORT", target: "DEST-BAMB", weight: 14,
		names: []string{"Minibasket", "Scuola calcio", "Corso di nuoto", "Pallavolo giovanile", "Judo per bambini", "Ginnastica artistica",
			"Atletica leggera", "Danza per ragazze e ragazzi", "Rugby under 12", "Tennis per ragazzi", "Karate per bambini", "Minivolley"},
		intro: []string{"Corsi sportivi per bambine e bambini a %s, con istruttori qualificati.", "Allenamenti settimanali e partite amichevoli per i più giovani di %s.",
			"Lo sport come gioco: movimento, squadra e divertimento a %s.", "Attività motoria e sportiva per ragazzi e ragazze del quartiere."},
		ages: [][2]int{{5, 10}, {6, 12}, {8, 14}, {10, 16}}, days: []string{"TU,TH", "MO,WE", "SA", "MO,WE,FR"},
		hours: [][2]string{{"17:00", "18:30"}, {"15:00", "17:00"}, {"18:00", "19:30"}, {"09:30", "11:30"}}, freeProb: 0.2, seasonal: true},
	{cat: "EDU-DOPO", target: "DEST-BAMB", weight: 9,
		names: []string{"Doposcuola", "Aiuto compiti", "Spazio compiti", "Studio assistito", "Doposcuola in oratorio"},
		intro: []string{"Un aiuto nei compiti per i bambini delle elementari e i ragazzi delle medie di %s.", "Volontari ed educatori seguono i ragazzi nello studio, ogni pomeriggio.",
			"Sostegno scolastico e metodo di studio in un ambiente accogliente.", "Uno spazio tranquillo dove fare i compiti insieme, con l'aiuto di studenti universitari."},
		ages: [][2]int{{6, 11}, {6, 13}, {11, 14}}, days: []string{"MO,TU,WE,TH,FR", "MO,WE,FR", "TU,TH"},
		hours: [][2]string{{"14:30", "17:00"}, {"15:00", "18:00"}}, freeProb: 0.7, seasonal: true},
	{cat: "EDU-ARTE", target: "DEST-PREADO", weight: 6,
		names: []string{"Laboratorio di teatro", "Coro di voci bianche", "Scuola di musica", "Laboratorio di pittura", "Corso di chitarra", "Banda giovanile"},
		intro: []string{"Musica, teatro e arte per scoprire i propri talenti a %s.", "Un laboratorio creativo per bambini e ragazzi, con uno spettacolo finale.",
			"Lezioni di gruppo e prove aperte alle famiglie."},
		ages: [][2]int{{6, 12}, {8, 17}, {11, 17}}, days: []string{"WE", "FR", "SA", "TU"},
		hours: [][2]string{{"16:30", "18:00"}, {"10:00", "12:00"}}, freeProb: 0.3, seasonal: true},
	{cat: "EDU-ESTIVI", target: "DEST-BAMB", weight: 5,
		names: []string{"Centro estivo", "Grest", "Campus estivo sportivo", "Estate ragazzi"},
		intro: []string{"Giochi, gite, piscina e laboratori per l'estate a %s.", "Il centro estivo per bambini e ragazzi nelle settimane di vacanza.",
			"Settimane di giochi all'aperto e attività sportive."},
		ages: [][2]int{{6, 11}, {6, 14}, {3, 6}}, days: []string{"MO,TU,WE,TH,FR"},
		hours: [][2]string{{"08:30", "16:30"}, {"09:00", "17:00"}}, freeProb: 0.1, summer: true},
	{cat: "EDU-LUDO", target: "DEST-INF", weight: 5,
		names: []string{"Ludoteca", "Spazio gioco", "Spazio bambini e genitori", "Ludoteca comunale"},
		intro: []string{"Giochi, costruzioni e travestimenti per i più piccoli a %s.", "Uno spazio gioco dove bambini e genitori si incontrano.",
			"Gioco libero e laboratori con un educatore."},
		ages: [][2]int{{0, 6}, {3, 10}, {0, 3}}, days: []string{"WE", "SA", "TU,TH", "MO,WE,FR"},
		hours: [][2]string{{"16:00", "18:30"}, {"10:00", "12:30"}}, freeProb: 0.6},
	{cat: "EDU-GIOV", target: "DEST-ADO", weight: 3,
		names: []string{"Centro di aggregazione giovanile", "Spazio giovani", "Sala prove e studio musicale"},
		intro: []string{"Un luogo per stare insieme, suonare, studiare e organizzare eventi a %s.", "Educatori di strada e attività per adolescenti."},
		ages:  [][2]int{{14, 19}, {14, 25}}, days: []string{"MO,TU,WE,TH,FR", "TU,TH,SA"},
		hours: [][2]string{{"15:00", "19:00"}, {"16:00", "20:00"}}, freeProb: 0.9},
	{cat: "EDU-INF", target: "DEST-INF", weight: 4,
		names: []string{"Asilo nido", "Micronido", "Sezione primavera", "Nido in famiglia"},
		intro: []string{"Il nido d'infanzia di %s per bambini da pochi mesi a tre anni.", "Educatrici, pappa e nanna in un ambiente pensato per i piccolissimi."},
		ages:  [][2]int{{0, 3}, {0, 2}, {2, 3}}, days: []string{"MO,TU,WE,TH,FR"},
		hours: [][2]string{{"07:30", "16:30"}, {"08:00", "13:00"}}, freeProb: 0.05, seasonal: true},
	{cat: "EDU-LETT", target: "DEST-BAMB", weight: 3,
		names: []string{"Letture animate", "Biblioteca dei ragazzi", "Gruppo di lettura", "Nati per leggere"},
		intro: []string{"Storie lette ad alta voce in biblioteca a %s.", "Libri, letture e piccoli laboratori per bambine e bambini."},
		ages:  [][2]int{{3, 8}, {0, 6}, {8, 12}}, days: []string{"SA", "WE", "TH"},
		hours: [][2]string{{"10:30", "11:30"}, {"16:30", "17:30"}}, freeProb: 0.95},
	{cat: "FAM-CENTRO", target: "DEST-FAM", weight: 4,
		names: []string{"Centro per le famiglie", "Sportello famiglie", "Punto famiglia"},
		intro: []string{"Informazioni, consulenza e incontri per genitori e famiglie di %s.", "Ascolto e orientamento ai servizi per le famiglie con figli."},
		ages:  [][2]int{{-1, -1}}, days: []string{"TU,TH", "MO,WE", "WE"}, hours: [][2]string{{"09:00", "12:30"}, {"14:30", "18:00"}}, freeProb: 1},
	{cat: "FAM-GENIT", target: "DEST-GENIT", weight: 2,
		names: []string{"Gruppo di sostegno alla genitorialità", "Incontri per neogenitori", "Scuola per genitori"},
		intro: []string{"Incontri con psicologi ed educatori per chi cresce un figlio.", "Un gruppo di confronto tra mamme e papà di %s."},
		ages:  [][2]int{{-1, -1}}, days: []string{"TH", "SA"}, hours: [][2]string{{"20:30", "22:00"}, {"10:00", "12:00"}}, freeProb: 0.8},
	{cat: "FAM-MEDIA", target: "DEST-GENIT", weight: 1,
		names: []string{"Mediazione familiare"}, intro: []string{"Un aiuto ai genitori che si separano, per continuare a occuparsi insieme dei figli."},
		ages: [][2]int{{-1, -1}}, days: []string{"MO", "WE"}, hours: [][2]string{{"14:00", "18:00"}}, freeProb: 0.5},
	{cat: "SAL-CONSULT", target: "DEST-FAM", weight: 2,
		names: []string{"Consultorio familiare"}, intro: []string{"Ostetriche, ginecologi, psicologi e assistenti sociali per donne, coppie e famiglie di %s."},
		ages: [][2]int{{-1, -1}}, days: []string{"MO,TU,WE,TH,FR"}, hours: [][2]string{{"09:00", "16:00"}}, freeProb: 1},
	{cat: "SAL-PSICO", target: "DEST-ADO", weight: 2,
		names: []string{"Sportello di ascolto psicologico", "Supporto psicologico per adolescenti"},
		intro: []string{"Colloqui gratuiti e riservati con uno psicologo.", "Uno spazio di ascolto per ragazzi e ragazze in difficoltà."},
		ages:  [][2]int{{14, 19}, {-1, -1}}, days: []string{"TU", "FR"}, hours: [][2]string{{"14:00", "18:00"}}, freeProb: 0.9},
	{cat: "CASA-EMERG", target: "DEST-FRAGILI", weight: 1,
		names: []string{"Accoglienza abitativa temporanea", "Dormitorio"},
		intro: []string{"Posti letto e accompagnamento per chi è rimasto senza casa a %s."},
		ages:  [][2]int{{18, -1}}, days: []string{"MO,TU,WE,TH,FR,SA,SU"}, hours: [][2]string{{"19:00", "23:59"}}, freeProb: 1},
	{cat: "LAV-ORIENT", target: "DEST-GIOV", weight: 2,
		names: []string{"Sportello lavoro", "Orientamento al lavoro per giovani", "Laboratorio curriculum"},
		intro: []string{"Aiuto a scrivere il curriculum e a cercare lavoro a %s.", "Orientamento, corsi e tirocini per giovani e adulti disoccupati."},
		ages:  [][2]int{{16, 35}, {18, -1}}, days: []string{"MO,WE", "TU,TH"}, hours: [][2]string{{"09:30", "12:30"}}, freeProb: 1},
	{cat: "BEN-ALIM", target: "DEST-FRAGILI", weight: 3,
		names: []string{"Distribuzione pacchi alimentari", "Banco alimentare", "Spesa solidale"},
		intro: []string{"Pacchi di viveri per le famiglie in difficoltà di %s.", "Generi alimentari distribuiti ogni settimana dai volontari."},
		ages:  [][2]int{{-1, -1}}, days: []string{"SA", "WE", "TU,FR"}, hours: [][2]string{{"09:00", "11:30"}, {"15:00", "17:00"}}, freeProb: 1},
	{cat: "BEN-EMPORIO", target: "DEST-FRAGILI", weight: 1,
		names: []string{"Emporio solidale"}, intro: []string{"Un supermercato dove le famiglie in difficoltà fanno la spesa con una tessera a punti."},
		ages: [][2]int{{-1, -1}}, days: []string{"TU,TH,SA"}, hours: [][2]string{{"09:00", "12:00"}}, freeProb: 1},
	{cat: "BEN-VEST", target: "DEST-FRAGILI", weight: 1,
		names: []string{"Guardaroba solidale", "Vestiti per bambini usati"}, intro: []string{"Abiti puliti e in buono stato per adulti e bambini."},
		ages: [][2]int{{-1, -1}}, days: []string{"WE", "SA"}, hours: [][2]string{{"15:00", "18:00"}}, freeProb: 1},
	{cat: "ANZ-ATTIV", target: "DEST-ANZ", weight: 5,
		names: []string{"Ginnastica dolce per anziani", "Circolo ricreativo anziani", "Università della terza età", "Ballo liscio per la terza età"},
		intro: []string{"Movimento, tombola, gite e compagnia per la terza età a %s.", "Corsi e incontri per restare attivi dopo la pensione."},
		ages:  [][2]int{{65, -1}, {60, -1}}, days: []string{"MO,WE", "TU,TH", "MO,TU,WE,TH,FR"},
		hours: [][2]string{{"09:30", "11:00"}, {"14:30", "18:00"}}, freeProb: 0.4},
	{cat: "ANZ-DOMIC", target: "DEST-ANZ", weight: 2,
		names: []string{"Assistenza domiciliare anziani", "Pasti a domicilio"}, intro: []string{"Operatori a casa delle persone anziane di %s per la cura e le faccende quotidiane."},
		ages: [][2]int{{65, -1}}, days: []string{"MO,TU,WE,TH,FR"}, hours: [][2]string{{"08:00", "18:00"}}, freeProb: 0.3},
	{cat: "ANZ-COMPAGNIA", target: "DEST-ANZ", weight: 1,
		names: []string{"Telefonia amica per anziani soli", "Compagnia a domicilio"}, intro: []string{"Volontari che telefonano o fanno visita a chi è solo."},
		ages: [][2]int{{70, -1}}, days: []string{"MO,TU,WE,TH,FR"}, hours: [][2]string{{"10:00", "12:00"}}, freeProb: 1},
	{cat: "DIS-TEMPO", target: "DEST-DIS", weight: 2,
		names: []string{"Tempo libero per ragazzi con disabilità", "Sport inclusivo", "Laboratorio inclusivo"},
		intro: []string{"Sport, uscite e laboratori per ragazzi con disabilità e i loro amici.", "Attività del sabato per giovani con disabilità a %s."},
		ages:  [][2]int{{8, 25}, {14, 30}}, days: []string{"SA", "WE"}, hours: [][2]string{{"14:30", "18:00"}}, freeProb: 0.6},
	{cat: "DIS-CENTRI", target: "DEST-DIS", weight: 1,
		names: []string{"Centro diurno per persone con disabilità"}, intro: []string{"Attività educative e di cura durante il giorno."},
		ages: [][2]int{{18, 65}}, days: []string{"MO,TU,WE,TH,FR"}, hours: [][2]string{{"08:30", "16:00"}}, freeProb: 0.2},
	{cat: "MIG-ITAL", target: "DEST-MIG", weight: 3,
		names: []string{"Corso di italiano per stranieri", "Scuola di italiano", "Italiano per mamme con bambini"},
		intro: []string{"Lezioni di lingua italiana per adulti stranieri a %s, livello A1 e A2.", "Imparare l'italiano per la vita di tutti i giorni."},
		ages:  [][2]int{{16, -1}}, days: []string{"TU,TH", "MO,WE", "SA"}, hours: [][2]string{{"18:30", "20:30"}, {"09:00", "11:00"}}, freeProb: 0.9},
	{cat: "ASC-CENTRO", target: "DEST-FRAGILI", weight: 2,
		names: []string{"Centro di ascolto", "Centro di ascolto Caritas"},
		intro: []string{"Volontari che ascoltano e aiutano a trovare una risposta ai bisogni di chi è in difficoltà."},
		ages:  [][2]int{{-1, -1}}, days: []string{"TU", "TH", "MO,TH"}, hours: [][2]string{{"09:30", "11:30"}}, freeProb: 1},
	{cat: "ASC-VIOL", target: "DEST-DONNE", weight: 1, confidential: true,
		names: []string{"Centro antiviolenza", "Casa rifugio"}, intro: []string{"Ascolto, protezione e accoglienza per donne che subiscono violenza, anche con i figli."},
		ages: [][2]int{{-1, -1}}, freeProb: 1},
	{cat: "VOL-BDT", target: "DEST-TUTTI", weight: 1,
		names: []string{"Banca del tempo"}, intro: []string{"Si scambiano ore di aiuto tra vicini di casa a %s."},
		ages: [][2]int{{-1, -1}}, days: []string{"WE"}, hours: [][2]string{{"17:00", "19:00"}}, freeProb: 1},
}

// sentences are added after the first one.
var sentences = []string{
	"Le attività sono seguite da educatori qualificati.", "È richiesta l'iscrizione all'inizio dell'anno.",
	"Posti limitati: consigliamo di prenotare.", "Aperto ai residenti del comune e dei comuni vicini.",
	"Possibilità di riduzioni per famiglie numerose.", "Il servizio è organizzato in collaborazione con il Comune.",
	"I volontari sono formati e assicurati.", "Si parla anche inglese e francese.", "Prima volta? Vieni a provare gratuitamente.",
	"Merenda inclusa.", "È possibile partecipare anche solo ad alcuni incontri.", "Per informazioni scrivete o telefonate in segreteria.",
	"L'accesso è libero e gratuito.", "Serve il certificato medico per l'attività sportiva non agonistica.",
	"Gli spazi sono accessibili anche a chi si muove in carrozzina.", "Durante le vacanze scolastiche il servizio è sospeso.",
}

// Words organizations are named with.
var (
	orgForms = []string{"Associazione %s", "APS %s", "Cooperativa sociale %s", "ODV %s", "Fondazione %s", "Gruppo volontari %s",
		"Polisportiva %c", "Parrocchia San %n", "Oratorio San %n", "Comune di %c - Servizi sociali", "Circolo %s", "Comitato genitori %c"}
	orgWords = []string{"Il Girasole", "L'Aquilone", "Arcobaleno", "La Tela", "Insieme", "Il Ponte", "La Rondine", "Mani Aperte",
		"Filo d'Arianna", "Il Sorriso", "Terra Nuova", "Il Faro", "Passo dopo Passo", "La Bussola", "Il Melograno", "La Quercia",
		"Fili Intrecciati", "Il Germoglio", "Porte Aperte", "Il Cerchio", "La Strada", "Spazio Aperto", "Il Mosaico", "La Lanterna",
		"Nuovi Orizzonti", "Il Sentiero", "Piccoli Passi", "La Fenice", "Il Seme", "Gioco e Studio"}
	saints  = []string{"Luigi", "Giuseppe", "Francesco", "Martino", "Giovanni Bosco", "Antonio", "Carlo", "Michele", "Pietro", "Paolo", "Rocco", "Biagio"}
	streets = []string{"Via Roma", "Via Garibaldi", "Via Mazzini", "Piazza della Chiesa", "Via Dante", "Via Verdi", "Corso Italia",
		"Via Matteotti", "Via Manzoni", "Via XX Settembre", "Via dei Mille", "Piazza del Popolo", "Via Cavour", "Via Marconi"}
	placeNames = []string{"Sede", "Palestra comunale", "Oratorio", "Centro civico", "Biblioteca", "Scuola primaria", "Casa delle associazioni",
		"Centro sportivo", "Sala parrocchiale", "Spazio giovani"}
	otherLanguages = []string{"en", "fr", "ar", "es", "ro", "uk", "zh", "sq"}
)
