// Package features lists what the guide's pages need beyond the generic
// build: the one place where the command (and the tests that build the
// guide) get them from.
package features

import (
	"guide/internal/calculator"
	"guide/internal/checklist"
	"guide/internal/selfcheck"
	"guide/internal/site"
)

// Guide returns the features of the guide: the timeline calculator, the
// document checklists and the self-check.
func Guide() []site.Feature {
	return []site.Feature{calculator.Feature(), checklist.Feature(), selfcheck.Feature()}
}
