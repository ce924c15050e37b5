package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// progressBar draws "[#####-----]  45% read" on a terminal; elsewhere
// (logs, pipes) it stays silent.
type progressBar struct {
	w     io.Writer
	on    bool
	last  time.Time
	drawn bool
}

func newProgressBar(f *os.File) *progressBar {
	fi, err := f.Stat()
	return &progressBar{w: f, on: err == nil && fi.Mode()&os.ModeCharDevice != 0}
}

func (b *progressBar) update(phase string, done, total int64) {
	if !b.on || total <= 0 || (time.Since(b.last) < 100*time.Millisecond && done < total) {
		return
	}
	b.last = time.Now()
	const width = 40
	filled := int(float64(width) * float64(min(done, total)) / float64(total))
	unit := "rows"
	if phase == "read" {
		unit = "bytes"
	}
	fmt.Fprintf(b.w, "\r[%s%s] %3d%% %s %d/%d %s", strings.Repeat("#", filled), strings.Repeat("-", width-filled),
		100*done/total, phase, done, total, unit)
	b.drawn = true
}

// done ends the bar's line.
func (b *progressBar) done() {
	if b.drawn {
		fmt.Fprintln(b.w)
		b.drawn = false
	}
}
