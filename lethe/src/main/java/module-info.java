/** Lethe wired for the common case: {@link io.lethe.Lethe#builder}, the one entry point. */
module io.lethe {
  requires transitive io.lethe.core;
  requires transitive io.lethe.retention;
  requires transitive io.lethe.dsar;
  requires transitive io.lethe.consent;

  exports io.lethe;
}
