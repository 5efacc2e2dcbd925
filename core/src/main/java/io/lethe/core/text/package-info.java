/** Plain-text rendering shared by reports: aligned tables. */
package io.lethe.core.text;
