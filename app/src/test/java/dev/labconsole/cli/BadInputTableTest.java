package dev.labconsole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import dev.labconsole.testing.ProjectFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input table: one row per bad value a careless or hostile user can give the command line
 * (options, model files, profiles, endpoints, state files), each run in-process as the student would,
 * against a real moto server where an endpoint is involved. Every row asserts the exit code, that the
 * message is one {@code error:} line with no exception names, stack traces or credentials, that no file
 * appeared or changed, and (against moto) that no AWS resource appeared. The figures per category go to
 * {@code target/bad-input.md}; the README copies them.
 */
@ExtendWith(MotoExtension.class)
class BadInputTableTest {

    // Words that only a Java exception, a library or the SDK would print.
    private static final Pattern NOT_FOR_STUDENTS = Pattern.compile("Exception|\\tat |Caused by|\\bjava\\.|"
            + "software\\.amazon|com\\.fasterxml|SDK Attempt|ProfileFile\\(|reference chain|Unresolved address|"
            + "PytorchStreamReader|JsonToken|NullPointer|\\$[A-Z]\\w+\\[");
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ9sEcReT";
    private static final String KEY_ID = "AKIAQ9BADINPUTTABLE7";

    private static MotoServer moto;
    private static HttpServer notAws;
    private static int refusedPort;
    private static Path root;
    private static final Map<String, int[]> FIGURES = new LinkedHashMap<>();
    private static final List<ServerSocket> HELD = new ArrayList<>();
    private static final StringBuilder MESSAGES = new StringBuilder();

    /**
     * One bad input.
     *
     * @param category the table's group
     * @param name what is wrong, as the README would say it
     * @param exitCode the exit code it must give: 2 when nothing was called, 1 when AWS (or what stands
     *                 at the endpoint) answered with the problem
     * @param aws whether the run reaches moto, so AWS resources are counted before and after
     * @param setup writes the row's files under its folder and returns the command line
     * @param expected words the message must hold, or null when the general checks say enough
     */
    record Row(String category, String name, int exitCode, boolean aws, Setup setup, String expected) {
        Row(String category, String name, int exitCode, boolean aws, Setup setup) {
            this(category, name, exitCode, aws, setup, null);
        }

        /** This row, its message also holding {@code words}: the findings of issue 15 say what they must say. */
        Row expecting(String words) {
            return new Row(category, name, exitCode, aws, setup, words);
        }

        @Override
        public String toString() {
            return category + ": " + name;
        }
    }

    interface Setup {
        String[] args(Fixture f) throws Exception;
    }

    /** The row's own folder and the servers it may point at. */
    record Fixture(Path dir, Path home) {
        Path file(String name, String text) throws IOException {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        }

        String path(String name) {
            return dir.resolve(name).toString();
        }

        /** A lab command against moto with this row's state folder. */
        String[] lab(String... args) {
            return at(moto.endpoint().toString(), args);
        }

        String[] at(String endpoint, String... args) {
            List<String> all = new ArrayList<>(List.of(args));
            all.addAll(List.of("--endpoint", endpoint, "--home", home.toString()));
            if (!all.contains("--region")) {
                all.addAll(List.of("--region", "us-east-1"));
            }
            return all.toArray(String[]::new);
        }

        /** A copy of the bundled model with {@code change} applied; returns its folder. */
        String model(String name, ModelChange change) throws Exception {
            Path folder = dir.resolve(name);
            Files.createDirectories(folder);
            try (Stream<Path> files = Files.list(ProjectFiles.bundledModel())) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.copy(file, folder.resolve(file.getFileName()));
                }
            }
            change.apply(folder);
            return folder.toString();
        }

        /** A state file for lab {@code sentiment-app} holding {@code text}. */
        void state(String text) throws IOException {
            Files.createDirectories(home.resolve("labs"));
            Files.writeString(home.resolve("labs/sentiment-app.json"), text);
        }
    }

    interface ModelChange {
        void apply(Path folder) throws IOException;
    }

    @BeforeAll
    static void servers(MotoServer server) throws IOException {
        moto = server;
        root = Files.createTempDirectory("bad-input");
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            refusedPort = free.getLocalPort();
        }
        // An HTTP server that is not AWS: every request gets 404 with an HTML page.
        notAws = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        notAws.createContext("/", exchange -> {
            byte[] page = "<html><body>Not Found</body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(404, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        notAws.start();
    }

    @AfterAll
    static void writeSummary() throws IOException {
        notAws.stop(0);
        for (ServerSocket socket : HELD) {
            socket.close();
        }
        StringBuilder table = new StringBuilder("| category | cases | clear one-line message | right exit code |"
                + " nothing left behind |\n|---|---:|---:|---:|---:|\n");
        int[] total = new int[4];
        FIGURES.forEach((category, f) -> {
            table.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d |%n", category, f[0], f[1], f[2], f[3]));
            for (int i = 0; i < 4; i++) {
                total[i] += f[i];
            }
        });
        table.append(String.format(Locale.ROOT, "| **all** | **%d** | **%d** | **%d** | **%d** |%n", total[0], total[1],
                total[2], total[3]));
        Path target = Files.createDirectories(ProjectFiles.root().resolve("app/target"));
        Files.writeString(target.resolve("bad-input.md"), table.toString());
        Files.writeString(target.resolve("bad-input-messages.md"), "| category | input | exit | message |\n"
                + "|---|---|---:|---|\n" + MESSAGES);
    }

    @org.junit.jupiter.api.Timeout(120)
    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void badInputIsRefusedClearlyAndLeavesNothingBehind(Row row) throws Exception {
        Path dir = Files.createDirectories(root.resolve("row-" + Integer.toHexString(row.toString().hashCode())));
        Fixture fixture = new Fixture(dir, dir.resolve("home"));
        String[] args = row.setup().args(fixture);
        Map<String, String> filesBefore = snapshot(dir);
        Map<String, Integer> awsBefore = row.aws() ? resources() : Map.of();

        CommandRun run = CommandRun.of(args);

        List<String> errorLines = run.err().lines().filter(line -> line.startsWith("error: ")).toList();
        boolean clear = errorLines.size() == 1 && !NOT_FOR_STUDENTS.matcher(run.err() + run.out()).find()
                && !(run.err() + run.out()).contains(SECRET) && !(run.err() + run.out()).contains(KEY_ID)
                && errorLines.get(0).length() > "error: ".length() + 15 && run.out().isBlank()
                && (row.expected() == null || errorLines.get(0).contains(row.expected()));
        boolean rightExit = run.exitCode() == row.exitCode();
        Map<String, String> filesAfter = snapshot(dir);
        boolean nothingLeft = filesAfter.equals(filesBefore) && (!row.aws() || resources().equals(awsBefore));
        MESSAGES.append(String.format(Locale.ROOT, "| %s | %s | %d | %s |%n", row.category(), row.name().replace("|", "\\|"),
                run.exitCode(), String.join(" ", errorLines).replace("|", "\\|").replace(dir.toString(), "…")));
        int[] figures = FIGURES.computeIfAbsent(row.category(), c -> new int[4]);
        figures[0]++;
        figures[1] += clear ? 1 : 0;
        figures[2] += rightExit ? 1 : 0;
        figures[3] += nothingLeft ? 1 : 0;

        String shown = "exit " + run.exitCode() + "\nerr: " + run.err() + "\nout: " + run.out();
        assertThat(run.exitCode()).as(shown).isEqualTo(row.exitCode());
        assertThat(errorLines).as(shown).hasSize(1);
        assertThat(run.err() + run.out()).as(shown).doesNotContain(SECRET).doesNotContain(KEY_ID);
        assertThat(NOT_FOR_STUDENTS.matcher(run.err() + run.out()).find()).as("Java's words in: " + shown).isFalse();
        assertThat(run.out()).as(shown).isBlank();
        if (row.expected() != null) {
            assertThat(errorLines.get(0)).as(shown).contains(row.expected());
        }
        assertThat(clear).as(shown).isTrue();
        assertThat(filesAfter).as("files under the row's folder, " + shown).isEqualTo(filesBefore);
        if (row.aws()) {
            assertThat(resources()).as("AWS resources, " + shown).isEqualTo(awsBefore);
        }
        deleteTree(dir);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }

    /** Every file under {@code dir} with a digest of its bytes (folders too, so a new empty one shows). */
    private static Map<String, String> snapshot(Path dir) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                String key = dir.relativize(path).toString();
                if (Files.isDirectory(path)) {
                    files.put(key + "/", "folder");
                } else {
                    MessageDigest md5 = MessageDigest.getInstance("MD5");
                    files.put(key, HexFormat.of().formatHex(md5.digest(Files.readAllBytes(path))));
                }
            }
        }
        return files;
    }

    /** How many of each billable or named kind moto holds now. */
    private static Map<String, Integer> resources() {
        try (AwsClients aws = AwsClients.create(AwsTarget.of("us-east-1", null, moto.endpoint().toString()))) {
            Map<String, Integer> counts = new TreeMap<>();
            counts.put("vpcs", aws.ec2().describeVpcs().vpcs().size());
            counts.put("subnets", aws.ec2().describeSubnets().subnets().size());
            counts.put("nat gateways", aws.ec2().describeNatGateways().natGateways().size());
            counts.put("addresses", aws.ec2().describeAddresses().addresses().size());
            counts.put("load balancers", aws.elb().describeLoadBalancers().loadBalancers().size());
            counts.put("buckets", aws.s3().listBuckets().buckets().size());
            counts.put("repositories", aws.ecr().describeRepositories().repositories().size());
            counts.put("clusters", aws.ecs().listClusters().clusterArns().size());
            counts.put("log groups", aws.logs().describeLogGroups().logGroups().size());
            return counts;
        }
    }

    private static Row cli(String name, Setup setup) {
        return new Row("command line", name, ExitCode.BAD_INPUT, false, setup);
    }

    private static Row model(String name, Setup setup) {
        return new Row("model files", name, ExitCode.BAD_INPUT, false, setup);
    }

    private static Row modelApply(String name, Setup setup) {
        return new Row("model files", "apply: " + name, ExitCode.BAD_INPUT, true, setup);
    }

    private static Row profile(String name, Setup setup) {
        return new Row("credentials and profiles", name, ExitCode.BAD_INPUT, false, setup);
    }

    private static Row endpoint(String name, int exit, Setup setup) {
        return new Row("endpoints", name, exit, exit == ExitCode.FAILED, setup);
    }

    private static Row state(String name, Setup setup) {
        return new Row("state files", name, ExitCode.BAD_INPUT, true, setup);
    }

    private static String[] predictModel(Fixture f, String model) {
        return new String[] {"predict", "--text", "a fine film", "--model", model};
    }

    private static String[] withProfiles(Fixture f, String credentials, String config, String... args)
            throws IOException {
        Path credentialsFile = f.file("aws/credentials", credentials);
        Path configFile = f.file("aws/config", config);
        System.setProperty("aws.sharedCredentialsFile", credentialsFile.toString());
        System.setProperty("aws.configFile", configFile.toString());
        return args;
    }

    private static void zip(Path archive, Map<String, byte[]> entries) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
    }

    private static final String CREDENTIALS = "[default]\naws_access_key_id = " + KEY_ID
            + "\naws_secret_access_key = " + SECRET + "\n\n[student]\naws_access_key_id = " + KEY_ID
            + "\naws_secret_access_key = " + SECRET + "\naws_session_token = " + SECRET + "token\n";

    static Stream<Row> rows() {
        List<Row> rows = new ArrayList<>();
        // The command line: options of every command, before anything is loaded or called.
        rows.add(cli("predict with no text and no input", f -> new String[] {"predict"}));
        rows.add(cli("predict with an unknown option", f -> new String[] {"predict", "--txt", "good"}));
        rows.add(cli("predict --text empty", f -> new String[] {"predict", "--text", ""}));
        rows.add(cli("predict --text only spaces", f -> new String[] {"predict", "--text", "   \t "}));
        rows.add(cli("predict --text over the 10,000 character limit",
                f -> new String[] {"predict", "--text", "x".repeat(10_001)}));
        rows.add(cli("predict --text and --input together", f -> new String[] {"predict", "--text", "a", "--input",
            f.file("in.txt", "good\n").toString()}));
        rows.add(cli("predict --input without --output", f -> new String[] {"predict", "--input",
            f.file("in.txt", "good\n").toString()}));
        rows.add(cli("predict --output is a folder", f -> new String[] {"predict", "--input",
            f.file("in.txt", "good\n").toString(), "--output", f.dir().toString()}));
        rows.add(cli("predict --output inside a file, not a folder", f -> new String[] {"predict", "--input",
            f.file("in.txt", "good\n").toString(), "--output", f.path("in.txt/out.jsonl")})
                .expecting("is a file, not a folder"));
        rows.add(cli("predict --output whose extension hides its format", f -> new String[] {"predict", "--input",
            f.file("in.txt", "good\n").toString(), "--output", f.path("out.xml")}));
        rows.add(cli("predict --output is the input", f -> new String[] {"predict", "--input",
            f.file("in.csv", "text\ngood\n").toString(), "--output", f.path("in.csv")}));
        rows.add(cli("predict --output is the input through a link", f -> {
            Path input = f.file("in.csv", "text\ngood\n");
            Files.createSymbolicLink(f.dir().resolve("link.csv"), input);
            return new String[] {"predict", "--input", input.toString(), "--output", f.path("link.csv")};
        }).expecting("would replace the texts"));
        rows.add(cli("predict --output is the input with --format", f -> new String[] {"predict", "--input",
            f.file("in.txt", "good\n").toString(), "--output", f.path("in.txt"), "--format", "jsonl"}));
        rows.add(cli("predict --format xml", f -> new String[] {"predict", "--input",
            f.file("in.txt", "good\n").toString(), "--output", f.path("out.jsonl"), "--format", "xml"})
                .expecting("use jsonl (one JSON object per line) or csv"));
        rows.add(cli("predict --format with --text", f -> new String[] {"predict", "--text", "good", "--format",
            "csv"}));
        rows.add(cli("predict --format with no value", f -> new String[] {"predict", "--input",
            f.file("in.txt", "good\n").toString(), "--output", f.path("out.jsonl"), "--format"}));
        rows.add(cli("predict --input that does not exist", f -> new String[] {"predict", "--input",
            f.path("missing.txt"), "--output", f.path("out.jsonl")}));
        rows.add(cli("predict --input of an unknown kind (.pdf)", f -> new String[] {"predict", "--input",
            f.file("in.pdf", "good\n").toString(), "--output", f.path("out.jsonl")}));
        rows.add(cli("predict --input that is a folder named .txt", f -> {
            Files.createDirectories(f.dir().resolve("folder.txt"));
            return new String[] {"predict", "--input", f.path("folder.txt"), "--output", f.path("out.jsonl")};
        }).expecting("a directory; give a readable .txt, .csv or .tsv file"));
        rows.add(cli("predict --input in Latin-1, not UTF-8", f -> {
            Files.write(f.dir().resolve("latin1.txt"), "caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
            return new String[] {"predict", "--input", f.path("latin1.txt"), "--output", f.path("out.jsonl")};
        }));
        rows.add(cli("predict --input empty file", f -> new String[] {"predict", "--input",
            f.file("empty.txt", "").toString(), "--output", f.path("out.jsonl")}));
        rows.add(cli("predict --input of blank lines only", f -> new String[] {"predict", "--input",
            f.file("blank.txt", "\n  \n\t\n").toString(), "--output", f.path("out.jsonl")}));
        rows.add(cli("predict --input .csv without a text column", f -> new String[] {"predict", "--input",
            f.file("in.csv", "id,review\n1,good\n").toString(), "--output", f.path("out.jsonl")}));
        rows.add(cli("predict --input .tsv without a text column", f -> new String[] {"predict", "--input",
            f.file("in.tsv", "id\treview\n1\tgood\n").toString(), "--output", f.path("out.jsonl")}));
        rows.add(cli("predict --input with a line over the limit", f -> new String[] {"predict", "--input",
            f.file("long.txt", "good\n" + "y".repeat(10_001) + "\n").toString(), "--output", f.path("out.jsonl")}));
        rows.add(cli("predict --input binary bytes", f -> {
            Files.write(f.dir().resolve("binary.txt"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0xc3, 10});
            return new String[] {"predict", "--input", f.path("binary.txt"), "--output", f.path("out.jsonl")};
        }));
        rows.add(cli("predict --model with no value", f -> new String[] {"predict", "--text", "a", "--model"}));
        rows.add(cli("serve --port 70000", f -> new String[] {"serve", "--port", "70000"}));
        rows.add(cli("serve --port 0", f -> new String[] {"serve", "--port", "0"}));
        rows.add(cli("serve --port -1", f -> new String[] {"serve", "--port", "-1"}));
        rows.add(cli("serve --port eighty", f -> new String[] {"serve", "--port", "eighty"}));
        rows.add(cli("serve --host 999.1.1.1", f -> new String[] {"serve", "--host", "999.1.1.1", "--port", "8123"})
                .expecting("is not an IPv4 address"));
        rows.add(cli("serve --host empty", f -> new String[] {"serve", "--host", "", "--port", "8123"}));
        rows.add(cli("serve --host another machine's address", f -> new String[] {"serve", "--host", "192.0.2.10",
            "--port", "8123"}));
        rows.add(cli("serve --host an unknown name", f -> new String[] {"serve", "--host", "no-such-host.invalid",
            "--port", "8123"}));
        rows.add(cli("serve on a port already taken", f -> {
            ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
            // Held (and kept from the garbage collector) until the run ends: serve must find it taken.
            HELD.add(taken);
            return new String[] {"serve", "--host", "127.0.0.1", "--port", Integer.toString(taken.getLocalPort())};
        }));
        rows.add(cli("an unknown command", f -> new String[] {"deploy"}));
        rows.add(cli("an unknown option of a lab command", f -> f.lab("status", "--verbose")));
        rows.add(cli("an extra word after a lab command", f -> f.lab("status", "now")));
        rows.add(cli("--lab with upper case and underscore", f -> f.lab("plan", "--lab", "My_Lab")));
        rows.add(cli("--lab too short", f -> f.lab("plan", "--lab", "ab")));
        rows.add(cli("--lab too long for a load balancer name", f -> f.lab("plan", "--lab", "a".repeat(40))));
        rows.add(cli("--lab with a double hyphen", f -> f.lab("plan", "--lab", "my--lab")));
        rows.add(cli("--lab ending in a hyphen", f -> f.lab("check", "--lab", "mylab-")));
        rows.add(cli("--lab with a slash", f -> f.lab("destroy", "--yes", "--lab", "../etc")));
        rows.add(cli("--region spelled out", f -> f.lab("plan", "--region", "Virginia")));
        rows.add(cli("--region in upper case", f -> f.lab("plan", "--region", "US-EAST-1")));
        rows.add(cli("--endpoint with ftp://", f -> f.at("ftp://127.0.0.1:5000", "status")));
        rows.add(cli("--endpoint that is not a URL", f -> f.at("not a url", "check")));
        rows.add(cli("--endpoint without a host", f -> f.at("http://", "plan")));
        rows.add(cli("--cpu Fargate does not offer", f -> f.lab("apply", "--yes", "--cpu", "300")));
        rows.add(cli("--cpu not a number", f -> f.lab("apply", "--yes", "--cpu", "lots")));
        rows.add(cli("--memory that does not fit --cpu", f -> f.lab("apply", "--yes", "--cpu", "1024", "--memory",
            "512")));
        rows.add(cli("--desired-count 50", f -> f.lab("apply", "--yes", "--desired-count", "50")));
        rows.add(cli("--desired-count -1", f -> f.lab("apply", "--yes", "--desired-count", "-1")));
        rows.add(cli("--image with a space and capitals", f -> f.lab("apply", "--yes", "--image", "My Image:latest")));
        rows.add(cli("--task-role that is not an ARN", f -> f.lab("apply", "--yes", "--task-role", "LabRole")));
        rows.add(cli("--execution-role with a short account", f -> f.lab("apply", "--yes", "--execution-role",
            "arn:aws:iam::12:role/x")));
        rows.add(cli("--bucket with capitals and underscore", f -> f.lab("apply", "--yes", "--bucket", "Bad_Bucket")));
        rows.add(cli("--bucket shaped like an IP address", f -> f.lab("apply", "--yes", "--bucket", "192.168.1.1")));
        rows.add(cli("--bucket too short", f -> f.lab("apply", "--yes", "--bucket", "ab")));
        rows.add(cli("--base that is not an image name", f -> f.lab("apply", "--yes", "--base", "not an image!")));
        rows.add(cli("--registry on another machine", f -> f.lab("apply", "--yes", "--registry", "10.0.0.5:5001")));
        rows.add(cli("logs --since 10x", f -> f.lab("logs", "--since", "10x")));
        rows.add(cli("logs --since in the future", f -> f.lab("logs", "--since", "-5m", "--follow")));

        // Model files: what predict and apply load, refused before anything is created.
        rows.add(model("a model path that does not exist", f -> predictModel(f, f.path("no-such-model"))));
        rows.add(model("an empty folder", f -> {
            Files.createDirectories(f.dir().resolve("empty"));
            return predictModel(f, f.path("empty"));
        }));
        rows.add(model("a plain file that is no archive", f -> predictModel(f, f.file("model.txt", "hi").toString())));
        rows.add(model("ftp:// instead of a folder or s3://", f -> predictModel(f, "ftp://host/model"))
                .expecting("not ftp://"));
        rows.add(model("https:// download link", f -> predictModel(f, "https://example.com/model.zip")));
        rows.add(model("s3:// with an invalid bucket name", f -> predictModel(f, "s3://Not_A_Bucket/x")));
        rows.add(model("model.properties without engine=", f -> predictModel(f, f.model("no-engine",
                folder -> Files.writeString(folder.resolve("model.properties"), "model=model.pt\n")))));
        rows.add(model("an engine that does not exist", f -> predictModel(f, f.model("caffe",
                folder -> Files.writeString(folder.resolve("model.properties"), "engine=Caffe\nmodel=model.pt\n")))));
        rows.add(model("the model file is missing", f -> predictModel(f, f.model("no-pt",
                folder -> Files.delete(folder.resolve("model.pt"))))));
        rows.add(model("the model file is random bytes", f -> predictModel(f, f.model("random-pt",
                folder -> Files.write(folder.resolve("model.pt"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))))
                .expecting("save it again as TorchScript"));
        rows.add(model("the model file is cut short", f -> predictModel(f, f.model("cut-pt", folder -> {
            byte[] whole = Files.readAllBytes(folder.resolve("model.pt"));
            Files.write(folder.resolve("model.pt"), java.util.Arrays.copyOf(whole, whole.length / 2));
        }))));
        rows.add(model("the model file is empty", f -> predictModel(f, f.model("empty-pt",
                folder -> Files.write(folder.resolve("model.pt"), new byte[0])))));
        rows.add(model("the tokenizer is not a tokenizer", f -> predictModel(f, f.model("bad-tokenizer",
                folder -> Files.writeString(folder.resolve("tokenizer.json"), "{}"))))
                .expecting("is not a Hugging Face tokenizer.json"));
        rows.add(model("the tokenizer is missing", f -> predictModel(f, f.model("no-tokenizer",
                folder -> Files.delete(folder.resolve("tokenizer.json"))))));
        rows.add(model("labels.txt with one label", f -> predictModel(f, f.model("one-label",
                folder -> Files.writeString(folder.resolve("labels.txt"), "positive\n")))));
        rows.add(model("labels.txt with a label twice", f -> predictModel(f, f.model("twice",
                folder -> Files.writeString(folder.resolve("labels.txt"), "good\ngood\n")))));
        rows.add(model("labels.txt not UTF-8", f -> predictModel(f, f.model("latin-labels",
                folder -> Files.write(folder.resolve("labels.txt"), "n\u00e9gatif\npositif\n"
                        .getBytes(StandardCharsets.ISO_8859_1))))));
        rows.add(model("labels.txt with three labels for a two-score model", f -> predictModel(f, f.model("three",
                folder -> Files.writeString(folder.resolve("labels.txt"), "negative\nneutral\npositive\n")))));
        rows.add(model("model= pointing outside the folder", f -> predictModel(f, f.model("outside",
                folder -> Files.writeString(folder.resolve("model.properties"), "engine=PyTorch\nmodel=../x.pt\n")))));
        rows.add(model("an .onnx file for the PyTorch engine", f -> predictModel(f, f.model("mismatch", folder -> {
            Files.move(folder.resolve("model.pt"), folder.resolve("model.onnx"));
            Files.writeString(folder.resolve("model.properties"), "engine=PyTorch\nmodel=model.onnx\n");
        }))));
        rows.add(model("maxLength that is not a number", f -> predictModel(f, f.model("max-length", folder ->
                Files.writeString(folder.resolve("model.properties"), Files.readString(folder.resolve("model.properties"))
                        .replace("maxLength=128", "maxLength=lots"))))));
        rows.add(model("an archive of random bytes", f -> {
            Files.write(f.dir().resolve("random.zip"), new byte[] {9, 8, 7, 6, 5, 4, 3, 2, 1});
            return predictModel(f, f.path("random.zip"));
        }));
        rows.add(model("a .tar.gz of random bytes", f -> {
            Files.write(f.dir().resolve("random.tar.gz"), new byte[] {9, 8, 7, 6, 5, 4, 3, 2, 1});
            return predictModel(f, f.path("random.tar.gz"));
        }));
        rows.add(model("a .zip holding no model", f -> {
            zip(f.dir().resolve("notes.zip"), Map.of("notes.txt", "no model here".getBytes(StandardCharsets.UTF_8)));
            return predictModel(f, f.path("notes.zip"));
        }));
        rows.add(modelApply("a model path that does not exist", f -> f.lab("apply", "--yes", "--model",
            f.path("no-such-model"))));
        rows.add(modelApply("an empty folder", f -> {
            Files.createDirectories(f.dir().resolve("empty"));
            return f.lab("apply", "--yes", "--model", f.path("empty"));
        }).expecting("has no model.properties"));
        rows.add(modelApply("an archive of random bytes", f -> {
            Files.write(f.dir().resolve("random.zip"), new byte[] {9, 8, 7, 6, 5, 4, 3, 2, 1});
            return f.lab("apply", "--yes", "--model", f.path("random.zip"));
        }));
        rows.add(modelApply("the model file is cut short", f -> f.lab("apply", "--yes", "--model",
            f.model("cut-pt", folder -> {
                byte[] whole = Files.readAllBytes(folder.resolve("model.pt"));
                Files.write(folder.resolve("model.pt"), java.util.Arrays.copyOf(whole, whole.length / 3));
            }))));
        rows.add(modelApply("labels.txt with one label", f -> f.lab("apply", "--yes", "--model",
            f.model("one-label", folder -> Files.writeString(folder.resolve("labels.txt"), "positive\n")))));
        rows.add(modelApply("ftp://", f -> f.lab("apply", "--yes", "--model", "ftp://host/model")));
        rows.add(modelApply("s3:// with an invalid bucket name", f -> f.lab("apply", "--yes", "--model",
            "s3://Not_A_Bucket/x")));
        rows.add(modelApply("an empty folder, asked first (no --yes)", f -> {
            Files.createDirectories(f.dir().resolve("empty"));
            return f.lab("apply", "--model", f.path("empty"));
        }));

        // Credentials and profiles: a profile the files do not hold is named before any call, with no secret.
        rows.add(profile("--profile unknown, no AWS files at all", f -> withProfiles(f, "", "",
                f.lab("status", "--profile", "nosuch"))).expecting("is not in ~/.aws/credentials or ~/.aws/config"));
        rows.add(profile("--profile unknown beside real profiles", f -> withProfiles(f, CREDENTIALS, "",
                f.lab("status", "--profile", "studnet"))));
        rows.add(profile("--profile unknown for plan", f -> withProfiles(f, CREDENTIALS, "[profile admin]\n"
                + "region = us-east-1\n", f.lab("plan", "--profile", "nosuch"))));
        rows.add(profile("--profile unknown for apply", f -> withProfiles(f, CREDENTIALS, "",
                f.lab("apply", "--yes", "--profile", "nosuch"))));
        rows.add(profile("--profile unknown for destroy", f -> withProfiles(f, CREDENTIALS, "",
                f.lab("destroy", "--yes", "--profile", "nosuch"))));
        rows.add(profile("--profile unknown for check", f -> withProfiles(f, CREDENTIALS, "",
                f.lab("check", "--profile", "nosuch"))));
        rows.add(profile("--profile unknown for logs", f -> withProfiles(f, CREDENTIALS, "",
                f.lab("logs", "--profile", "nosuch"))));
        rows.add(profile("--profile names an sso-session, not a profile", f -> withProfiles(f, CREDENTIALS,
                "[sso-session school]\nsso_region = us-east-1\n", f.lab("status", "--profile", "school"))));
        rows.add(profile("--profile with a space", f -> withProfiles(f, CREDENTIALS, "",
                f.lab("status", "--profile", "my profile"))));
        rows.add(profile("--profile empty", f -> withProfiles(f, CREDENTIALS, "", f.lab("status", "--profile", ""))));
        rows.add(profile("--profile in another case than the file's", f -> withProfiles(f, CREDENTIALS, "",
                f.lab("status", "--profile", "Student"))));

        // Endpoints: refused and TLS-mismatched ones are found with one connection before any AWS call; what
        // answers but is not AWS is reported after its answer (exit 1), with nothing created.
        rows.add(endpoint("a port where nothing listens (status)", ExitCode.BAD_INPUT,
                f -> f.at("http://127.0.0.1:" + refusedPort, "status"))
                .expecting("nothing listens there (connection refused)"));
        rows.add(endpoint("a port where nothing listens (apply)", ExitCode.BAD_INPUT,
                f -> f.at("http://127.0.0.1:" + refusedPort, "apply", "--yes")));
        rows.add(endpoint("a port where nothing listens (destroy)", ExitCode.BAD_INPUT,
                f -> f.at("http://127.0.0.1:" + refusedPort, "destroy", "--yes")));
        rows.add(endpoint("https:// to the emulator's plain HTTP port (plan)", ExitCode.BAD_INPUT,
                f -> f.at("https://127.0.0.1:" + moto.port(), "plan"))
                .expecting("the port speaks plain HTTP, not HTTPS"));
        rows.add(endpoint("https:// to the emulator's plain HTTP port (apply)", ExitCode.BAD_INPUT,
                f -> f.at("https://127.0.0.1:" + moto.port(), "apply", "--yes")));
        rows.add(endpoint("a host name that does not resolve", ExitCode.BAD_INPUT,
                f -> f.at("http://no-such-host.invalid:5000", "status")));
        rows.add(endpoint("a web server that is not AWS (404 for everything, plan)", ExitCode.FAILED,
                f -> f.at("http://127.0.0.1:" + notAws.getAddress().getPort(), "plan"))
                .expecting("answered HTTP 404 without an AWS error"));
        rows.add(endpoint("a web server that is not AWS (404 for everything, check)", ExitCode.FAILED,
                f -> f.at("http://127.0.0.1:" + notAws.getAddress().getPort(), "check")));

        // State files: damaged, cut short or not this lab's are refused before any AWS call, and kept as they are.
        rows.add(state("corrupt JSON", f -> {
            f.state("{\"lab\": \"sentiment-app\", \"ids\": {\"VPC\": [1,2");
            return f.lab("status");
        }).expecting("is not a state file Lab Console wrote"));
        rows.add(state("cut short in the middle", f -> {
            f.state("{\n  \"lab\" : \"sentiment-app\",\n  \"ids\" : {\n    \"VPC\" : \"vpc-0123\",\n    \"SUBN");
            return f.lab("apply", "--yes");
        }));
        rows.add(state("empty (0 bytes)", f -> {
            f.state("");
            return f.lab("destroy", "--yes");
        }));
        rows.add(state("a JSON array", f -> {
            f.state("[1, 2, 3]");
            return f.lab("apply", "--yes");
        }));
        rows.add(state("the word null", f -> {
            f.state("null");
            return f.lab("status");
        }));
        rows.add(state("another lab's file under this lab's name", f -> {
            f.state("{\"lab\": \"other-lab\", \"ids\": {}}");
            return f.lab("apply", "--yes");
        }));
        rows.add(state("a resource kind this version does not know", f -> {
            f.state("{\"lab\": \"sentiment-app\", \"ids\": {\"SPACESHIP\": \"x-1\"}}");
            return f.lab("status");
        }));
        rows.add(state("an id that is a list", f -> {
            f.state("{\"lab\": \"sentiment-app\", \"ids\": {\"VPC\": [\"vpc-1\"]}}");
            return f.lab("destroy", "--yes");
        }));
        rows.add(state("a step time that is not a time", f -> {
            f.state("{\"lab\": \"sentiment-app\", \"steps\": {\"VPC\": {\"status\": \"DONE\", \"startedAt\": \"yesterday\"}}}");
            return f.lab("status");
        }));
        rows.add(state("binary bytes", f -> {
            Files.createDirectories(f.home().resolve("labs"));
            Files.write(f.home().resolve("labs/sentiment-app.json"), new byte[] {0, (byte) 0xff, 0x13, 0x37, 10});
            return f.lab("apply", "--yes");
        }));
        rows.add(state("a folder where the file belongs", f -> {
            Files.createDirectories(f.home().resolve("labs/sentiment-app.json"));
            return f.lab("status");
        }));
        rows.add(state("an unknown origin", f -> {
            f.state("{\"lab\": \"sentiment-app\", \"ids\": {\"VPC\": \"vpc-1\"}, \"origins\": {\"VPC\": \"STOLEN\"}}");
            return f.lab("check");
        }));
        return rows.stream();
    }

    @org.junit.jupiter.api.AfterEach
    void forgetProfiles() {
        System.clearProperty("aws.sharedCredentialsFile");
        System.clearProperty("aws.configFile");
    }
}
