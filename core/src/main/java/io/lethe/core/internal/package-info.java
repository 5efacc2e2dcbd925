/** Implementation details of lethe-core. Not API: may change in any release. */
package io.lethe.core.internal;
