// Package auth hashes passwords and makes the secrets that keep a person
// signed in: session cookies and API tokens. Passwords are kept only as
// argon2id hashes and secrets only as SHA-256 hashes, so that a copy of the
// database signs nobody in.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are the argon2id costs of a new hash. A stored hash carries its
// own, so raising them later does not lock anyone out.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes over the memory
	Threads uint8  // lanes
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes
}

// DefaultParams follow the second recommended option of RFC 9106 (section
// 4): 64 MiB, three passes, four lanes. A guess then costs an attacker 64 MiB
// of memory, which is what makes GPUs and ASICs slow at it; on the server a
// sign-in costs roughly 100–200 ms of one core's time, and Hasher bounds how
// many run at once so the memory stays bounded too.
var DefaultParams = Params{Memory: 64 * 1024, Time: 3, Threads: 4, SaltLen: 16, KeyLen: 32}

// TestParams are cheap enough for tests to hash many passwords. They are
// far too weak to protect a real password: use them in tests only.
var TestParams = Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// maxMemory is the most memory a stored hash may ask for (1 GiB), so that a
// corrupt or hostile hash cannot make verification exhaust the server.
const maxMemory = 1024 * 1024

// ErrMismatch is returned by Verify when the password is wrong.
var ErrMismatch = errors.New("password does not match")

// Hasher hashes and verifies passwords with a bound on how many argon2id
// computations run at once: each takes Params.Memory, and a burst of
// sign-ins must not take the server's memory with it.
type Hasher struct {
	params Params
	slots  chan struct{}
}

// NewHasher returns a Hasher that makes hashes with p and runs at most
// concurrent computations at once (at least one).
func NewHasher(p Params, concurrent int) *Hasher {
	return &Hasher{params: p, slots: make(chan struct{}, max(1, concurrent))}
}

// Hash returns the password's hash in the PHC string format,
// $argon2id$v=19$m=65536,t=3,p=4$<salt>$<hash>, with a fresh random salt.
func (h *Hasher) Hash(password string) (string, error) {
	salt := make([]byte, h.params.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	key := h.derive(password, salt, h.params)
	return encodePHC(h.params, salt, key), nil
}

// Verify checks password against a hash that Hash made, with the hash's
// own parameters. It returns ErrMismatch for a wrong password and another
// error for a hash it cannot read.
func (h *Hasher) Verify(password, encoded string) error {
	p, salt, want, err := decodePHC(encoded)
	if err != nil {
		return err
	}
	got := h.derive(password, salt, p)
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return ErrMismatch
	}
	return nil
}

func (h *Hasher) derive(password string, salt []byte, p Params) []byte {
	h.slots <- struct{}{}
	defer func() { <-h.slots }()
	return argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
}

var b64 = base64.RawStdEncoding

func encodePHC(p Params, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// decodePHC reads a hash that encodePHC wrote and refuses anything else,
// including costs beyond what a server should spend on one sign-in.
func decodePHC(encoded string) (Params, []byte, []byte, error) {
	var p Params
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, errors.New("password hash: not an argon2id PHC string")
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return p, nil, nil, fmt.Errorf("password hash: unsupported version %q", parts[2])
	}
	var threads uint32
	if n, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &threads); err != nil || n != 3 {
		return p, nil, nil, fmt.Errorf("password hash: unreadable parameters %q", parts[3])
	}
	if p.Time < 1 || threads < 1 || threads > 255 || p.Memory < 8*threads || p.Memory > maxMemory || p.Time > 16 {
		return p, nil, nil, fmt.Errorf("password hash: parameters out of range %q", parts[3])
	}
	p.Threads = uint8(threads)
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return p, nil, nil, errors.New("password hash: bad salt")
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil || len(key) < 16 || len(key) > 128 {
		return p, nil, nil, errors.New("password hash: bad key")
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	return p, salt, key, nil
}
