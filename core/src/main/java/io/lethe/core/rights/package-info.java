/**
 * What a data subject's rights leave behind for the rest of the host to respect: restrictions of
 * processing (GDPR Art. 18), objections (Art. 21) and CCPA opt-outs of sale and sharing, kept by
 * keyed hash of the subject's identifiers ({@link io.lethe.core.rights.Restrictions}); and the
 * receipt an erasure returns ({@link io.lethe.core.rights.ErasureReceipt}).
 *
 * <p>The DSAR engine writes restrictions and objections; a consent or processing-decision layer
 * reads them through {@link io.lethe.core.rights.Restrictions#blocking}.
 */
package io.lethe.core.rights;
