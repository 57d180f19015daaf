package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
)

// tokenBytes is the entropy of a session or API token: 256 bits, beyond
// any guessing.
const tokenBytes = 32

// NewToken returns a new secret for a session cookie or an API token, and
// the hash under which to store it. Only the person gets the secret; the
// database keeps the hash.
func NewToken() (secret, hash string, err error) {
	b := make([]byte, tokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("new token: %w", err)
	}
	secret = base64.RawURLEncoding.EncodeToString(b)
	return secret, HashToken(secret), nil
}

// HashToken is the form in which a secret is stored and looked up: the
// hex SHA-256 of the secret. A plain hash suffices because the secret has
// 256 random bits; unlike a password it cannot be guessed from a list.
func HashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
