package pact

import (
	"math"
	"strings"
	"unicode/utf8"
)

// Graph is a drawing of the network: positions computed here, drawn as SVG
// by the template (no JavaScript).
type Graph struct {
	Width, Height int
	Nodes         []GraphNode
	Edges         []GraphEdge
}

// GraphNode is a circle with a label.
type GraphNode struct {
	ID, Name, Label string
	X, Y, R         float64
	TextX           float64 // where the label starts (or ends)
	Class           string
	LabelEnd        bool // label on the left of the circle (right edge)
}

// GraphEdge is a line.
type GraphEdge struct {
	X1, Y1, X2, Y2 float64
	Class          string
}

const graphMargin = 30.0

// Layout places the network's organizations with a force-directed layout
// (Fruchterman–Reingold): linked organizations attract, all repel, so
// clusters show and isolated ones drift to the edge. It starts from a
// circle in name order and uses no randomness: the same network always
// gets the same drawing.
func Layout(n *Network, width, height int) Graph {
	g := Graph{Width: width, Height: height}
	count := len(n.Members)
	if count == 0 {
		return g
	}
	w, h := float64(width)-2*graphMargin, float64(height)-2*graphMargin
	x, y := make([]float64, count), make([]float64, count)
	index := map[string]int{}
	for i, m := range n.Members {
		a := 2 * math.Pi * float64(i) / float64(count)
		x[i], y[i] = w/2+w*0.35*math.Cos(a), h/2+h*0.35*math.Sin(a)
		index[m.ID] = i
	}
	k := math.Sqrt(w * h / float64(count))
	temp := w / 10
	const iterations = 250
	dx, dy := make([]float64, count), make([]float64, count)
	for it := 0; it < iterations && count > 1; it++ {
		clear(dx)
		clear(dy)
		for i := range count {
			for j := i + 1; j < count; j++ {
				ddx, ddy := x[i]-x[j], y[i]-y[j]
				d := math.Max(math.Hypot(ddx, ddy), 0.01)
				f := k * k / d
				dx[i] += ddx / d * f
				dy[i] += ddy / d * f
				dx[j] -= ddx / d * f
				dy[j] -= ddy / d * f
			}
		}
		for _, l := range n.Links {
			i, j := index[l.A], index[l.B]
			ddx, ddy := x[i]-x[j], y[i]-y[j]
			d := math.Max(math.Hypot(ddx, ddy), 0.01)
			f := d * d / k
			dx[i] -= ddx / d * f
			dy[i] -= ddy / d * f
			dx[j] += ddx / d * f
			dy[j] += ddy / d * f
		}
		// Gravity keeps isolated organizations from flying off.
		for i := range count {
			dx[i] -= (x[i] - w/2) * 0.05
			dy[i] -= (y[i] - h/2) * 0.05
			d := math.Max(math.Hypot(dx[i], dy[i]), 0.01)
			step := math.Min(d, temp)
			x[i] += dx[i] / d * step
			y[i] += dy[i] / d * step
		}
		temp *= 0.98
	}
	fit(x, y, w, h)
	for i, m := range n.Members {
		node := GraphNode{ID: m.ID, Name: m.Name, Label: short(m.Name, 28), X: round(x[i] + graphMargin), Y: round(y[i] + graphMargin),
			R: 7 + 2*math.Min(float64(m.Degree), 5), Class: "node"}
		switch {
		case !m.Member:
			node.Class += " node-outside"
		case m.Role != "":
			node.Class += " node-" + m.Role
		}
		node.LabelEnd = node.X > float64(width)*0.6
		node.TextX = node.X + node.R + 3
		if node.LabelEnd {
			node.TextX = node.X - node.R - 3
		}
		g.Nodes = append(g.Nodes, node)
	}
	for _, l := range n.Links {
		a, b := g.Nodes[index[l.A]], g.Nodes[index[l.B]]
		class := "link"
		if len(l.Kinds) == 1 && l.Kinds[0] != LinkPartnership {
			class += " link-" + l.Kinds[0]
		}
		g.Edges = append(g.Edges, GraphEdge{X1: a.X, Y1: a.Y, X2: b.X, Y2: b.Y, Class: class})
	}
	return g
}

// fit scales and moves the positions into [0, w] × [0, h].
func fit(x, y []float64, w, h float64) {
	minX, maxX, minY, maxY := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for i := range x {
		minX, maxX = math.Min(minX, x[i]), math.Max(maxX, x[i])
		minY, maxY = math.Min(minY, y[i]), math.Max(maxY, y[i])
	}
	for i := range x {
		if maxX > minX {
			x[i] = (x[i] - minX) / (maxX - minX) * w
		} else {
			x[i] = w / 2
		}
		if maxY > minY {
			y[i] = (y[i] - minY) / (maxY - minY) * h
		} else {
			y[i] = h / 2
		}
	}
}

func round(v float64) float64 { return math.Round(v*10) / 10 }

func short(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
