/**
 * What a data subject's rights leave for the rest of the host to respect: restrictions of
 * processing (GDPR Art. 18), objections (Art. 21) and CCPA opt-outs of sale and sharing, kept by
 * keyed hash of the subject's identifiers ({@link io.lethe.core.restriction.Restrictions}).
 *
 * <p>The DSAR engine writes restrictions and objections; a consent or processing-decision layer
 * reads them through {@link io.lethe.core.restriction.Restrictions#blocking}.
 */
package io.lethe.core.restriction;
