/**
 * The WideSearch scorer: markdown tables scored by Item-F1 and Row-F1 against a gold table keyed by its unique columns, with exact, near-number and near-date cell matching.
 */
@NullMarked
package dev.agentswarm.eval.widesearch;

import org.jspecify.annotations.NullMarked;
