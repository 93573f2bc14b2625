package dev.labconsole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab commands refuse bad input with exit 2, one {@code error:} line per problem naming the option,
 * before any AWS call: the endpoint they are given is a listening socket that must see no connection.
 */
class LabBadInputTest {

    @TempDir
    Path home;

    private ServerSocket tripwire;

    @BeforeEach
    void listen() throws IOException {
        tripwire = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws IOException {
        tripwire.close();
    }

    private CommandRun run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--endpoint")) {
            all.add("--endpoint");
            all.add("http://127.0.0.1:" + tripwire.getLocalPort());
        }
        all.addAll(List.of("--region", "us-east-1", "--home", home.toString()));
        return CommandRun.of(all.toArray(String[]::new));
    }

    private void assertRefused(CommandRun run, String... expected) throws IOException {
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains(expected).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(run.err().lines()).allSatisfy(line -> assertThat(line).startsWith("error: "));
        assertThat(run.out()).isEmpty();
        tripwire.setSoTimeout(200);
        try {
            tripwire.accept().close();
            throw new AssertionError("the command connected to the endpoint despite bad input");
        } catch (SocketTimeoutException expectedTimeout) {
            // Nothing connected: no AWS call was made.
        }
        assertThat(home.resolve("labs")).doesNotExist();
    }

    @Test
    void aBadLabNameIsRefused() throws IOException {
        assertRefused(run("plan", "--lab", "My_Lab"), "error: --lab 'My_Lab'");
        assertRefused(run("destroy", "--lab", "-x", "--yes"), "error: --lab '-x'");
    }

    @Test
    void aCpuAndMemoryPairFargateDoesNotOfferIsRefused() throws IOException {
        assertRefused(run("apply", "--yes", "--cpu", "1024", "--memory", "512"), "error: --memory 512 with --cpu 1024");
        assertRefused(run("apply", "--yes", "--cpu", "300"), "error: --cpu 300");
        assertRefused(run("apply", "--yes", "--desired-count", "50"), "error: --desired-count 50");
    }

    @Test
    void aBadEndpointOrRegionIsRefused() throws IOException {
        assertRefused(run("status", "--endpoint", "ftp://127.0.0.1:5000"), "error: --endpoint 'ftp://127.0.0.1:5000'");
        assertRefused(run("check", "--endpoint", "not a url"), "error: --endpoint 'not a url'");
        CommandRun region = CommandRun.of("plan", "--region", "Virginia", "--endpoint",
                "http://127.0.0.1:" + tripwire.getLocalPort(), "--home", home.toString());
        assertRefused(region, "error: --region 'Virginia'");
    }

    @Test
    void badImagesRolesAndBucketsAreRefused() throws IOException {
        assertRefused(run("apply", "--yes", "--image", "My Image:latest"), "error: --image 'My Image:latest'");
        assertRefused(run("apply", "--yes", "--task-role", "LabRole"), "error: --task-role 'LabRole'");
        assertRefused(run("apply", "--yes", "--execution-role", "arn:aws:iam::12:role/x"), "error: --execution-role");
        assertRefused(run("apply", "--yes", "--bucket", "Bad_Bucket"), "error: bucket name 'Bad_Bucket'");
        assertRefused(run("apply", "--yes", "--model", home.resolve("no-such-model").toString()), "error: --model");
    }

    @Test
    void aBadSinceIsRefused() throws IOException {
        assertRefused(run("logs", "--since", "10x"), "error: --since '10x'");
        assertRefused(run("logs", "--since", "-5m", "--follow"), "error: --since '-5m'");
    }

    @Test
    void everyProblemIsReportedOnItsOwnLine() throws IOException {
        CommandRun run = run("apply", "--yes", "--lab", "X", "--cpu", "1024", "--memory", "512", "--image", "A B",
                "--task-role", "nope", "--endpoint", "ftp://x");
        assertRefused(run, "--lab 'X'", "--memory 512 with --cpu 1024", "--image 'A B'", "--task-role 'nope'",
                "--endpoint 'ftp://x'");
        assertThat(run.err().lines()).hasSize(5);
    }

    @Test
    void aNonNumberWhereANumberBelongsIsRefusedByTheParser() {
        CommandRun run = run("apply", "--yes", "--cpu", "lots");
        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("--cpu").contains("lots");
    }
}
