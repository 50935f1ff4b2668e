package serve

import "testing"

func TestCheckLoopback(t *testing.T) {
	cases := []struct {
		addr string
		ok   bool
	}{
		{"127.0.0.1:8080", true},
		{"127.0.0.1:0", true},
		{"[::1]:8080", true},
		{"localhost:8080", true},
		{"0.0.0.0:8080", false},
		{"[::]:8080", false},
		{":8080", false},
		{"192.0.2.7:8080", false},
		{"example.com:8080", false},
		{"127.0.0.1", false},
	}
	for _, c := range cases {
		t.Run(c.addr, func(t *testing.T) {
			err := CheckLoopback(c.addr)
			if (err == nil) != c.ok {
				t.Errorf("CheckLoopback(%q) = %v, want ok = %v", c.addr, err, c.ok)
			}
		})
	}
}
