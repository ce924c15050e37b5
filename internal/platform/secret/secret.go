// Package secret encrypts sensitive personal data at rest (AES-256-GCM) and
// computes keyed hashes for looking such data up without decrypting it.
//
// Keys come from TRAMA_SECRET_KEY (one base64 key) or a key file (one base64
// key per line, the first is current, the others still decrypt old values).
// Every sealed value carries the id of its key, so keys can rotate.
package secret

import (
	"bufio"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
)

// KeySize is the length of a key in bytes (AES-256).
const KeySize = 32

const prefix = "enc1:"

// Keyring holds the current key and the older ones.
type Keyring struct {
	current string
	aeads   map[string]cipher.AEAD
	macKey  []byte
	order   []string
}

// ID of a key: the first 8 hex digits of its SHA-256.
func keyID(k []byte) string {
	sum := sha256.Sum256(k)
	return hex.EncodeToString(sum[:4])
}

// New builds a keyring from raw keys, the first being current.
func New(keys ...[]byte) (*Keyring, error) {
	if len(keys) == 0 {
		return nil, errors.New("secret: no key")
	}
	kr := &Keyring{aeads: map[string]cipher.AEAD{}}
	for i, k := range keys {
		if len(k) != KeySize {
			return nil, fmt.Errorf("secret: key %d has %d bytes, want %d", i+1, len(k), KeySize)
		}
		block, err := aes.NewCipher(k)
		if err != nil {
			return nil, err
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, err
		}
		id := keyID(k)
		kr.aeads[id] = aead
		kr.order = append(kr.order, id)
		if i == 0 {
			kr.current = id
			mac := hmac.New(sha256.New, k)
			mac.Write([]byte("trama lookup hash"))
			kr.macKey = mac.Sum(nil)
		}
	}
	return kr, nil
}

// Parse reads base64 keys, one per line ('#' starts a comment).
func Parse(text string) (*Keyring, error) {
	var keys [][]byte
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, err := base64.StdEncoding.DecodeString(line)
		if err != nil {
			return nil, fmt.Errorf("secret: a key is not valid base64: %w", err)
		}
		keys = append(keys, k)
	}
	return New(keys...)
}

// NewKey returns a random key in the text form Parse reads.
func NewKey() string {
	k := make([]byte, KeySize)
	rand.Read(k)
	return base64.StdEncoding.EncodeToString(k)
}

// Load builds the keyring from the environment value (TRAMA_SECRET_KEY) or
// the key file. When both are empty and createAt is set, a new key file is
// created there (mode 0600) so that a single-machine installation just
// works; its path is returned for the log.
func Load(envValue, file, createAt string) (kr *Keyring, created string, err error) {
	switch {
	case envValue != "":
		kr, err = Parse(envValue)
		return kr, "", err
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, "", fmt.Errorf("secret: read key file: %w", err)
		}
		kr, err = Parse(string(b))
		return kr, "", err
	case createAt != "":
		if b, err := os.ReadFile(createAt); err == nil {
			kr, err = Parse(string(b))
			return kr, "", err
		}
		text := "# Trama secret key: keep it safe and back it up apart from the database.\n" + NewKey() + "\n"
		if err := os.WriteFile(createAt, []byte(text), 0o600); err != nil {
			return nil, "", fmt.Errorf("secret: create key file: %w", err)
		}
		kr, err = Parse(text)
		return kr, createAt, err
	}
	return nil, "", errors.New("secret: no key: set TRAMA_SECRET_KEY or --secret-key-file")
}

// Seal encrypts plaintext. The empty string stays empty (nothing to hide).
func (kr *Keyring) Seal(plaintext string) (string, error) {
	if plaintext == "" {
		return "", nil
	}
	aead := kr.aeads[kr.current]
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	ct := aead.Seal(nonce, nonce, []byte(plaintext), []byte(kr.current))
	return prefix + kr.current + ":" + base64.RawStdEncoding.EncodeToString(ct), nil
}

// ErrUndecryptable means a value was sealed with a key the keyring lacks,
// or was tampered with.
var ErrUndecryptable = errors.New("secret: cannot decrypt (unknown key or altered value)")

// Open decrypts a value made by Seal.
func (kr *Keyring) Open(sealed string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	rest, ok := strings.CutPrefix(sealed, prefix)
	if !ok {
		return "", ErrUndecryptable
	}
	id, b64, ok := strings.Cut(rest, ":")
	aead, known := kr.aeads[id]
	if !ok || !known {
		return "", ErrUndecryptable
	}
	ct, err := base64.RawStdEncoding.DecodeString(b64)
	if err != nil || len(ct) < aead.NonceSize() {
		return "", ErrUndecryptable
	}
	pt, err := aead.Open(nil, ct[:aead.NonceSize()], ct[aead.NonceSize():], []byte(id))
	if err != nil {
		return "", ErrUndecryptable
	}
	return string(pt), nil
}

// Current tells whether sealed uses the current key (false: re-encrypt it
// when rotating).
func (kr *Keyring) Current(sealed string) bool {
	return sealed == "" || strings.HasPrefix(sealed, prefix+kr.current+":")
}

// Hash is a keyed hash of a normalized value, for finding equal values
// (same phone number, same name and birth date) without storing them in
// clear. It depends on the current key only.
func (kr *Keyring) Hash(normalized string) string {
	mac := hmac.New(sha256.New, kr.macKey)
	mac.Write([]byte(normalized))
	return hex.EncodeToString(mac.Sum(nil))
}
