package secret

import (
	"bytes"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestParseKey(t *testing.T) {
	hexKey := strings.Repeat("0a", 32)
	tests := []struct {
		in      string
		ok      bool
		wantErr string
	}{
		{hexKey, true, ""},
		{hexKey + "\n", true, ""},
		{"  " + strings.ToUpper(hexKey) + "\r\n", true, ""},
		{hexKey[:62], false, "62 characters"},
		{hexKey + "00", false, "66 characters"},
		{"", false, "0 characters"},
		{strings.Repeat("zz", 32), false, "not hexadecimal"},
	}
	for _, tt := range tests {
		key, err := ParseKey(tt.in)
		if tt.ok {
			if err != nil || !bytes.Equal(key, bytes.Repeat([]byte{0x0a}, 32)) {
				t.Errorf("ParseKey(%q) = %x, %v", tt.in, key, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), "openssl rand -hex 32") {
			t.Errorf("ParseKey(%q) error = %v, want one saying %q and how to make a key", tt.in, err, tt.wantErr)
		}
		if err != nil && len(tt.in) > 4 && strings.Contains(err.Error(), strings.TrimSpace(tt.in)) {
			t.Errorf("ParseKey error repeats the key text")
		}
	}
}

func TestLoadOrCreateKeyCreatesOwnerOnlyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feeds.key")
	key, err := LoadOrCreateKey(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(key) != KeySize || bytes.Equal(key, make([]byte, KeySize)) {
		t.Fatalf("new key %x is not 32 random bytes", key)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := st.Mode().Perm(); perm != 0o600 {
		t.Errorf("key file mode %v, want 0600", perm)
	}
	text, _ := os.ReadFile(path)
	if string(text) != hex.EncodeToString(key)+"\n" {
		t.Errorf("key file holds %q, want 64 hex digits and a newline", text)
	}
	assertOnlyFile(t, filepath.Dir(path), "feeds.key")
}

func TestLoadOrCreateKeyReusesFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feeds.key")
	first, err := LoadOrCreateKey(path)
	if err != nil {
		t.Fatal(err)
	}
	again, err := LoadOrCreateKey(path)
	if err != nil || !bytes.Equal(first, again) {
		t.Fatalf("second load = %x, %v; want the key created first", again, err)
	}
	box, _ := NewBox(first)
	sealed, _ := box.Seal("x")
	box2, _ := NewBox(again)
	if got, err := box2.Open(sealed); err != nil || got != "x" {
		t.Fatalf("secret sealed before a restart does not open after it: %v", err)
	}
}

func TestLoadOrCreateKeyReadsOperatorKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feeds.key")
	want := strings.Repeat("5c", 32)
	os.WriteFile(path, []byte(want+"\n"), 0o600)
	key, err := LoadOrCreateKey(path)
	if err != nil || hex.EncodeToString(key) != want {
		t.Fatalf("LoadOrCreateKey = %x, %v; want %s", key, err, want)
	}
}

func TestLoadOrCreateKeyKeepsBadFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feeds.key")
	os.WriteFile(path, []byte("not a key\n"), 0o600)
	_, err := LoadOrCreateKey(path)
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("LoadOrCreateKey on a bad file: %v, want an error naming the file", err)
	}
	if text, _ := os.ReadFile(path); string(text) != "not a key\n" {
		t.Errorf("the bad key file was overwritten; secrets sealed under it would be lost")
	}
}

func TestLoadOrCreateKeyMissingDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no", "such", "feeds.key")
	if _, err := LoadOrCreateKey(path); err == nil {
		t.Fatal("LoadOrCreateKey in a missing directory succeeded")
	}
}

func TestLoadOrCreateKeyConcurrentStart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feeds.key")
	const n = 8
	keys := make([][]byte, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { keys[i], errs[i] = LoadOrCreateKey(path) })
	}
	wg.Wait()
	onDisk, err := readKeyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if errs[i] != nil || !bytes.Equal(keys[i], onDisk) {
			t.Fatalf("starter %d got %x, %v; the file holds %x", i, keys[i], errs[i], onDisk)
		}
	}
	assertOnlyFile(t, filepath.Dir(path), "feeds.key")
}

func assertOnlyFile(t *testing.T, dir, name string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != name {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("directory holds %v, want only %s (no temporary files left)", names, name)
	}
}
