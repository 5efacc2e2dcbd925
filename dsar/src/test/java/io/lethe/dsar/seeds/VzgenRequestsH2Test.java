package io.lethe.dsar.seeds;

import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** VZGen's requests on an embedded H2 database. */
class VzgenRequestsH2Test extends VzgenRequestScenario {

  @Override
  protected DataSource dataSource() {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:vzgen-requests-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    return dataSource;
  }
}
