package io.lethe.dsar.seeds;

import io.lethe.testsupport.TestPostgres;
import javax.sql.DataSource;

/** VZGen's requests on a real PostgreSQL server (see {@link TestPostgres}). */
class VzgenRequestsPostgresTest extends VzgenRequestScenario {

  @Override
  protected DataSource dataSource() {
    return TestPostgres.dataSource();
  }
}
