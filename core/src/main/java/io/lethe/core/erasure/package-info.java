/**
 * What an erasure returns: an {@link io.lethe.core.erasure.ErasureReceipt}, store by store ({@link
 * io.lethe.core.erasure.StoreErasure}), with what was kept and on which legal ground ({@link
 * io.lethe.core.erasure.RetainedRecords}), and what each participant outside the stores did ({@link
 * io.lethe.core.erasure.ParticipantErasure}). A receipt never claims more than was done.
 */
package io.lethe.core.erasure;
