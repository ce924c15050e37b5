package hsdstest

import (
	"encoding/json"
	"errors"
	"fmt"
)

// consistent checks that the values of a page, already valid against its
// schema (so every property is there with its type), agree.
func consistent(p map[string]any) error {
	num := func(k string) int64 {
		n, _ := p[k].(json.Number)
		f, _ := n.Float64()
		return int64(f)
	}
	flag := func(k string) bool { b, _ := p[k].(bool); return b }
	total, pages, page, size := num("total_items"), num("total_pages"), num("page_number"), num("size")
	first, last, empty := flag("first_page"), flag("last_page"), flag("empty")
	contents, _ := p["contents"].([]any)
	items := int64(len(contents))
	var errs []error
	check := func(ok bool, format string, args ...any) {
		if !ok {
			errs = append(errs, fmt.Errorf(format, args...))
		}
	}
	check(page >= 1, "page_number is %d: pages count from 1", page)
	check(size == items, "size is %d but contents has %d items", size, items)
	check(total >= items, "total_items is %d but contents has %d items", total, items)
	check(empty == (total == 0), "empty is %t but total_items is %d", empty, total)
	check(first == (page == 1), "first_page is %t but page_number is %d", first, page)
	check(last == (page >= pages), "last_page is %t but page_number is %d of %d", last, page, pages)
	return errors.Join(errs...)
}
