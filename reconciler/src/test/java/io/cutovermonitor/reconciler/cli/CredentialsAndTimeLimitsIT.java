package io.cutovermonitor.reconciler.cli;

import io.cutovermonitor.reconciler.TestDatabase;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the command line does with a password and with a host that never answers, on real MariaDB and PostgreSQL
 * drivers: a password given is used (a wrong one fails the run, it is never silently dropped), a connection that
 * hangs fails within the connect limit, and a failed run says which side failed and ends {@code RESULT: FAILED}.
 */
class CredentialsAndTimeLimitsIT {

    private record Run(int exit, String stderr, long millis) {
    }

    private static Run reconcile(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int exit = ReconcilerCommandAccess.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(exit, err.toString(StandardCharsets.UTF_8), (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void aPasswordGivenAsAnOptionIsUsedWhenTheUserIsInTheUrl() throws Exception {
        String user = "rec_" + UUID.randomUUID().toString().substring(0, 8);
        try (TestDatabase source = TestDatabase.mariadb(); TestDatabase target = TestDatabase.mariadb()) {
            // Given a MariaDB user with a password, allowed to read the target, and the same table on both sides
            for (TestDatabase db : new TestDatabase[]{source, target}) {
                db.execute("CREATE TABLE t (id int PRIMARY KEY, v varchar(10))", "INSERT INTO t VALUES (1, 'a'), (2, 'b')");
            }
            admin("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'right-secret'",
                    "CREATE USER '" + user + "'@'localhost' IDENTIFIED BY 'right-secret'",
                    "GRANT SELECT ON " + target.name() + ".* TO '" + user + "'@'%'",
                    "GRANT SELECT ON " + target.name() + ".* TO '" + user + "'@'localhost'");
            try {
                String targetUrl = "jdbc:mariadb://127.0.0.1:3306/" + target.name() + "?user=" + user;
                List<String> common = new ArrayList<>(List.of("--source-url", source.endpoint().url(),
                        "--target-url", targetUrl, "-t", "t"));

                // When the run is given a wrong password for the user named in the URL
                List<String> wrong = new ArrayList<>(common);
                wrong.addAll(List.of("--target-password", "wrong"));
                Run refused = reconcile(wrong.toArray(String[]::new));

                // Then it fails, naming the target, and never reports a match
                assertThat(refused.exit()).as(refused.stderr()).isEqualTo(2);
                assertThat(refused.stderr()).contains("target: cannot connect").contains("Access denied")
                        .contains("RESULT: FAILED").doesNotContain("RESULT: MATCH").doesNotContain("wrong");

                // And with the right password it connects and matches
                List<String> right = new ArrayList<>(common);
                right.addAll(List.of("--target-password", "right-secret"));
                Run matched = reconcile(right.toArray(String[]::new));
                assertThat(matched.exit()).as(matched.stderr()).isZero();
                assertThat(matched.stderr()).contains("RESULT: MATCH");
            } finally {
                admin("DROP USER IF EXISTS '" + user + "'@'%'", "DROP USER IF EXISTS '" + user + "'@'localhost'");
            }
        }
    }

    @Test
    void aHostThatAcceptsAndNeverAnswersFailsWithinTheConnectLimit() throws Exception {
        try (TestDatabase target = TestDatabase.postgres();
             ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // Given a "PostgreSQL" host that accepts connections and then says nothing
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (!silent.isClosed()) {
                        accepted.add(silent.accept());
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            target.execute("CREATE TABLE t (id int PRIMARY KEY)");

            // When the reconciler is pointed at it with a 2-second connect limit
            Run run = reconcile("--source-url", "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/test?user=postgres",
                    "--target-url", target.endpoint().url(), "-t", "t", "--connect-timeout", "2s");

            // Then it gives up in seconds, says the source could not be reached, and exits 2
            assertThat(run.exit()).as(run.stderr()).isEqualTo(2);
            assertThat(run.millis()).as("time to give up").isLessThan(15_000);
            assertThat(run.stderr()).contains("source: cannot connect").contains("RESULT: FAILED");
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    private static void admin(String... sql) throws Exception {
        try (Connection c = DriverManager.getConnection(TestDatabase.MARIADB_ADMIN); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }
}
