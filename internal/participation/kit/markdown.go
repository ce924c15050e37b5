package kit

import (
	"bytes"
	"html/template"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// markdown renders CommonMark with tables. Without the "unsafe" option
// goldmark drops raw HTML and refuses dangerous link targets
// (javascript:, vbscript:, file:, most data:), so what a coordinator writes
// cannot inject markup or scripts.
var markdown = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))

// Markdown renders src as safe HTML.
func Markdown(src string) template.HTML {
	var b bytes.Buffer
	if err := markdown.Convert([]byte(src), &b); err != nil {
		return template.HTML(template.HTMLEscapeString(src))
	}
	return template.HTML(b.String())
}
