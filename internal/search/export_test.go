package search

// SetCommonMatches lets tests take both shapes of TextCondition.
func SetCommonMatches(n int) func() {
	old := commonMatches
	commonMatches = n
	return func() { commonMatches = old }
}
