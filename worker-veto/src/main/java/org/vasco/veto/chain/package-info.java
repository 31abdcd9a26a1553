/**
 * Running the post stages as a shrinking set over a batch of candidates, with verdicts in {@code candidate_flag},
 * each tile's share of the run totals in {@code stage_ledger_tile} (the view {@code stage_ledger} sums them), and
 * fingerprinted re-use of unchanged verdicts.
 */
package org.vasco.veto.chain;
