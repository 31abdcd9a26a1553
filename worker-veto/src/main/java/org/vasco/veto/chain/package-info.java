/**
 * Running the post stages as a shrinking set over a batch of candidates, with verdicts in {@code candidate_flag},
 * run totals in {@code stage_ledger}, and fingerprinted re-use of unchanged verdicts.
 */
package org.vasco.veto.chain;
