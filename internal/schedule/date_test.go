package schedule_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/schedule"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want schedule.Date
		ok   bool
	}{
		{"2026-09-01", d(2026, time.September, 1), true},
		{"", schedule.Date{}, true},
		{"2026-02-30", schedule.Date{}, false},
		{"01/09/2026", schedule.Date{}, false},
		{"2026-9-1", schedule.Date{}, false},
	}
	for _, tt := range tests {
		got, err := schedule.ParseDate(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
		if tt.ok && got.String() != tt.in {
			t.Errorf("ParseDate(%q).String() = %q", tt.in, got.String())
		}
	}
}

func TestDateJSON(t *testing.T) {
	type row struct {
		From schedule.Date `json:"valid_from"`
	}
	b, err := json.Marshal(row{d(2026, time.October, 1)})
	if err != nil || string(b) != `{"valid_from":"2026-10-01"}` {
		t.Fatalf("Marshal = %s, %v", b, err)
	}
	var r row
	if err := json.Unmarshal([]byte(`{"valid_from":"2027-05-31"}`), &r); err != nil || r.From != d(2027, time.May, 31) {
		t.Fatalf("Unmarshal = %v, %v", r.From, err)
	}
	if err := json.Unmarshal([]byte(`{"valid_from":"31/05/2027"}`), &r); err == nil {
		t.Fatal("Unmarshal accepted a bad date")
	}
}

func TestDateArithmetic(t *testing.T) {
	if got := d(2026, time.December, 30).AddDays(3); got != d(2027, time.January, 2) {
		t.Errorf("AddDays = %v", got)
	}
	if got := d(2026, time.March, 1).AddDays(-1); got != d(2026, time.February, 28) {
		t.Errorf("AddDays(-1) = %v", got)
	}
	if got := d(2026, time.October, 25).Weekday(); got != time.Sunday {
		t.Errorf("Weekday = %v", got)
	}
	if !d(2026, 1, 1).Before(d(2026, 1, 2)) || d(2026, 1, 2).Before(d(2026, 1, 1)) || !d(2027, 1, 1).After(d(2026, 12, 31)) {
		t.Error("Before/After wrong")
	}
	for _, bad := range []schedule.Date{{Year: 2026, Month: 4, Day: 31}, {Year: 1800, Month: 1, Day: 1}, {Year: 2026, Month: 13, Day: 1}, {}} {
		if bad.Valid() {
			t.Errorf("%v is valid", bad)
		}
	}
	// The 02:30 skipped on the last Sunday of March becomes 03:30 CEST.
	if got := d(2026, time.March, 29).At(150, rome); got.Format("15:04 MST") != "03:30 CEST" {
		t.Errorf("At in the DST gap = %v", got)
	}
}
