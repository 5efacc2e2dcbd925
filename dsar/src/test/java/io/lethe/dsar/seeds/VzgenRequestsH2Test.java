package io.lethe.dsar.seeds;

import io.lethe.testsupport.TestDatabases;
import javax.sql.DataSource;

/** VZGen's requests on an embedded H2 database. */
class VzgenRequestsH2Test extends VzgenRequestScenario {

  @Override
  protected DataSource dataSource() {
    DataSource dataSource = TestDatabases.h2("vzgen-requests");
    return dataSource;
  }
}
