/**
 * WideSearch evaluation: {@link dev.agentswarm.eval.widesearch.WideSearchEvaluator} reproduces the official
 * benchmark's scoring (or fixes its quirks in strict mode) with per-column pipelines, the dataset loader
 * {@link dev.agentswarm.eval.widesearch.WideSearchDataset}, trial metrics
 * {@link dev.agentswarm.eval.widesearch.WideSearchTrials}; and the older quick scorer
 * {@link dev.agentswarm.eval.widesearch.WideSearchScorer} for markdown gold tables.
 */
@NullMarked
package dev.agentswarm.eval.widesearch;

import org.jspecify.annotations.NullMarked;
