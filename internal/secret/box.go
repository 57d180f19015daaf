// Package secret keeps short secrets, such as the private addresses of
// members' calendar feeds, sealed at rest and shows them only redacted.
//
// A calendar's secret address is a bearer credential: whoever holds it reads
// the whole calendar, with no further login. A copy of the database (a
// backup, a dump attached to a support ticket) must therefore not be a copy
// of every member's calendar, so the addresses are stored sealed with a key
// that lives outside the database.
package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// KeySize is the length of a key in bytes: AES-256.
const KeySize = 32

const (
	// version names the sealed format; it leads every sealed text so that a
	// later format (another cipher, a rotated key scheme) can be told apart
	// from this one without trial decryption.
	version   = "v1"
	nonceSize = 12 // the GCM standard nonce
	// keyIDSize is the length of the key fingerprint stored with each sealed
	// secret. It lets Open tell "sealed under another key" from "altered",
	// which AES-GCM alone cannot; 32 bits make a false match rare enough
	// for an error message while revealing nothing usable about the key.
	keyIDSize = 4
)

// Errors returned by Open, for callers that react differently to each:
// a wrong key is an operator's configuration mistake affecting every
// secret, while a tampered or malformed value concerns one row.
var (
	ErrWrongKey       = errors.New("sealed with a different key")
	ErrTampered       = errors.New("sealed text was altered or is corrupt")
	ErrUnknownVersion = errors.New("sealed text has an unknown format version")
	ErrMalformed      = errors.New("text is not a sealed secret")
)

// Box seals and opens secrets under one key. It is safe for concurrent use;
// create one at start-up and share it.
type Box struct {
	aead  cipher.AEAD
	keyID [keyIDSize]byte
}

// NewBox returns a Box for a 32-byte key. The key is copied into the cipher
// state, so the caller may clear its slice afterwards.
func NewBox(key []byte) (*Box, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("secret: key is %d bytes, want %d (AES-256)", len(key), KeySize)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("secret: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("secret: %w", err)
	}
	return &Box{aead: aead, keyID: keyID(key)}, nil
}

// keyID derives the fingerprint stored with each sealed secret. It is an
// HMAC under the key rather than a plain hash so that it says nothing about
// the key to someone who does not already have it.
func keyID(key []byte) [keyIDSize]byte {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte("klaver secret key id"))
	var id [keyIDSize]byte
	copy(id[:], mac.Sum(nil))
	return id
}

// Seal returns plain encrypted and authenticated, as text that fits a TEXT
// column: "v1:" followed by unpadded base64url of key id, nonce and
// ciphertext. Each call draws a fresh random nonce, so sealing the same
// secret twice gives different texts and equal secrets cannot be spotted in
// the database; random 96-bit nonces stay safe far beyond the number of
// feeds one key will ever seal.
func (b *Box) Seal(plain string) (string, error) {
	head := keyIDSize + nonceSize
	buf := make([]byte, head, head+len(plain)+b.aead.Overhead())
	copy(buf, b.keyID[:])
	nonce := buf[keyIDSize:head]
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("secret: seal: %w", err)
	}
	buf = b.aead.Seal(buf, nonce, []byte(plain), b.additionalData())
	return version + ":" + base64.RawURLEncoding.EncodeToString(buf), nil
}

// Open returns the secret sealed by Seal under the same key. Its errors wrap
// ErrUnknownVersion, ErrMalformed, ErrWrongKey or ErrTampered and never
// contain any part of the sealed text.
func (b *Box) Open(sealed string) (string, error) {
	ver, payload, ok := strings.Cut(sealed, ":")
	if !ok {
		return "", fmt.Errorf("secret: open: %w", ErrMalformed)
	}
	if ver != version {
		return "", fmt.Errorf("secret: open: %w (this build reads %s)", ErrUnknownVersion, version)
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(payload)
	if err != nil || len(raw) < keyIDSize+nonceSize+b.aead.Overhead() {
		return "", fmt.Errorf("secret: open: %w", ErrMalformed)
	}
	if !hmac.Equal(raw[:keyIDSize], b.keyID[:]) {
		return "", fmt.Errorf("secret: open: %w", ErrWrongKey)
	}
	nonce := raw[keyIDSize : keyIDSize+nonceSize]
	plain, err := b.aead.Open(nil, nonce, raw[keyIDSize+nonceSize:], b.additionalData())
	if err != nil {
		return "", fmt.Errorf("secret: open: %w", ErrTampered)
	}
	return string(plain), nil
}

// additionalData binds the format version and key id into the
// authentication tag, so that neither can be changed without Open noticing.
func (b *Box) additionalData() []byte {
	return append([]byte(version+":"), b.keyID[:]...)
}
