/**
 * What an erasure returns: an {@link io.lethe.core.erasure.ErasureReceipt}, store by store ({@link
 * io.lethe.core.erasure.StoreErasure}), with what was kept and on which legal ground ({@link
 * io.lethe.core.erasure.RetainedRecords}). A receipt never claims more than was done.
 */
package io.lethe.core.erasure;
