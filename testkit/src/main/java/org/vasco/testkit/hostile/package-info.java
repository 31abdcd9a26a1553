/**
 * The hostile-input corpus (issue #9 item 2): inputs a remote archive, a message producer, an operator or an HTTP
 * client can hand the cluster, each built in code ({@link org.vasco.testkit.hostile.HandMadeFits} writes FITS files
 * card by card; the other families edit real replies or valid tasks) and each paired with the outcome the cluster
 * must record ({@link org.vasco.testkit.hostile.Expected}: state or refusal, reason code, a phrase of the message,
 * whether a dead letter is due). {@link org.vasco.testkit.hostile.HostileCorpus} lists them all and renders the
 * index kept in docs/security.md; the tests that deliver each family live next to the code they attack.
 */
package org.vasco.testkit.hostile;
