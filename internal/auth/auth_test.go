package auth

import (
	"errors"
	"strings"
	"testing"
)

func TestHashVerify(t *testing.T) {
	h := NewHasher(TestParams, 1)
	hash, err := h.Hash("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("hash %q is not a PHC argon2id string with the parameters", hash)
	}
	if err := h.Verify("correct horse battery", hash); err != nil {
		t.Errorf("right password: %v", err)
	}
	if err := h.Verify("correct horse batterY", hash); !errors.Is(err, ErrMismatch) {
		t.Errorf("wrong password: %v, want ErrMismatch", err)
	}
	again, _ := h.Hash("correct horse battery")
	if again == hash {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
}

// TestDefaultParams: a server's hashes carry the RFC 9106 parameters, and
// a hasher with other parameters still verifies them.
func TestDefaultParams(t *testing.T) {
	hash, err := NewHasher(DefaultParams, 1).Hash("pw")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=65536,t=3,p=4$") {
		t.Errorf("hash %q", hash)
	}
	if err := NewHasher(TestParams, 1).Verify("pw", hash); err != nil {
		t.Errorf("verify with the hash's own parameters: %v", err)
	}
}

func TestVerifyRefusesBadHashes(t *testing.T) {
	h := NewHasher(TestParams, 1)
	good, _ := h.Hash("pw")
	parts := strings.Split(good, "$")
	for _, bad := range []string{
		"",
		"plain text",
		"$2a$10$bcrypthashbcrypthashbcrypthashbcrypthashbcrypthashbcr",
		strings.Replace(good, "argon2id", "argon2i", 1),
		strings.Replace(good, "v=19", "v=16", 1),
		strings.Replace(good, parts[3], "m=4194304,t=1,p=1", 1),
		strings.Replace(good, parts[3], "m=64,t=0,p=1", 1),
		strings.Replace(good, parts[3], "m=64,t=1,p=0", 1),
		strings.Replace(good, parts[3], "m=64,t=1,p=300", 1),
		strings.Replace(good, parts[4], "!!", 1),
		strings.Replace(good, parts[5], "c2hvcnQ", 1),
		good + "$extra",
	} {
		if err := h.Verify("pw", bad); err == nil || errors.Is(err, ErrMismatch) {
			t.Errorf("Verify(%q) = %v, want an unreadable-hash error", bad, err)
		}
	}
}

func FuzzVerify(f *testing.F) {
	f.Add("$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U")
	f.Add("$argon2id$v=19$m=8,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA")
	h := NewHasher(TestParams, 1)
	f.Fuzz(func(t *testing.T, encoded string) {
		p, _, _, err := decodePHC(encoded)
		if err != nil {
			return
		}
		if p.Memory > 64*1024 || p.Time > 4 {
			return // valid but too slow to run many times
		}
		err = h.Verify("pw", encoded)
		if err != nil && !errors.Is(err, ErrMismatch) {
			t.Fatalf("decoded %q but Verify failed: %v", encoded, err)
		}
	})
}

func TestNewToken(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		secret, hash, err := NewToken()
		if err != nil {
			t.Fatal(err)
		}
		if len(secret) != 43 || len(hash) != 64 || HashToken(secret) != hash || secret == hash {
			t.Fatalf("token %q hash %q: want 43 base64url characters and their 64-hex SHA-256", secret, hash)
		}
		if seen[secret] {
			t.Fatal("a token repeated")
		}
		seen[secret] = true
	}
}

// BenchmarkVerifyDefault measures what one sign-in costs the server.
func BenchmarkVerifyDefault(b *testing.B) {
	h := NewHasher(DefaultParams, 1)
	hash, err := h.Hash("correct horse battery")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := h.Verify("correct horse battery", hash); err != nil {
			b.Fatal(err)
		}
	}
}
