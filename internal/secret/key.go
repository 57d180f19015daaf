package secret

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// keyHint tells an operator how to make a key by hand.
const keyHint = "generate one with: openssl rand -hex 32"

// ParseKey reads a key written as 64 hexadecimal digits, the form used in
// key files and in environment variables. Surrounding blank space, such as
// the newline that ends a file or a pasted value, is ignored. Errors never
// repeat the key text, which may be nearly right and so nearly secret.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if len(s) != 2*KeySize {
		return nil, fmt.Errorf("secret key has %d characters, want %d hexadecimal digits; %s", len(s), 2*KeySize, keyHint)
	}
	key, err := hex.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("secret key is not hexadecimal; %s", keyHint)
	}
	return key, nil
}

// LoadOrCreateKey returns the key stored at path, creating the file with a
// new random key when it does not exist yet, so that a fresh installation
// works without a setup step.
//
// An existing file that does not hold a valid key is an error, never
// replaced: overwriting it would make every secret already sealed with the
// old key unreadable. The file is created readable by its owner only (0600)
// and appears complete or not at all, so a crash cannot leave a half-written
// key behind; when two processes start at once, both end up with the key
// that reached the disk first.
func LoadOrCreateKey(path string) ([]byte, error) {
	key, err := readKeyFile(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return key, err
	}
	return createKeyFile(path)
}

func readKeyFile(path string) ([]byte, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read key file: %w", err)
	}
	key, err := ParseKey(string(text))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return key, nil
}

// createKeyFile writes a new key to a temporary file in the same directory
// and then links it into place. A hard link, unlike a rename, fails when
// the name already exists, which is what settles a race between two
// processes; rename is the fallback for file systems without hard links.
func createKeyFile(path string) ([]byte, error) {
	key := make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("create key file %s: %w", path, err)
	}
	tmp, err := writeTemp(filepath.Dir(path), filepath.Base(path), hex.EncodeToString(key)+"\n")
	if err != nil {
		return nil, fmt.Errorf("create key file %s: %w", path, err)
	}
	defer os.Remove(tmp)
	err = os.Link(tmp, path)
	if errors.Is(err, fs.ErrExist) {
		return readKeyFile(path)
	}
	if err != nil {
		if err := os.Rename(tmp, path); err != nil {
			return nil, fmt.Errorf("create key file: %w", err)
		}
	}
	syncDir(filepath.Dir(path))
	return key, nil
}

// writeTemp writes text to a new owner-only file in dir, flushed to disk,
// and returns its name.
func writeTemp(dir, base, text string) (string, error) {
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return "", err
	}
	name := f.Name()
	err = f.Chmod(0o600)
	if err == nil {
		_, err = f.WriteString(text)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		return "", err
	}
	return name, nil
}

// syncDir makes the new directory entry durable. Its errors are ignored:
// some systems cannot sync a directory, and the key is already usable.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	d.Sync()
	d.Close()
}
