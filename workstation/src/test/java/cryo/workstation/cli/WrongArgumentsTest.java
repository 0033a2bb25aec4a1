package cryo.workstation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every subcommand driven with wrong arguments: a missing file, a directory that does not exist,
 * negative and huge numbers, an unknown option. Each answer is one line on stderr, no stack trace,
 * and a non-zero exit. The command tree is read from picocli, so a new subcommand without cases
 * here, or a new numeric or file option without a negative/huge or missing-path case (or a
 * stated reason it takes any value), fails {@link #everyCommandAndOptionIsCovered}.
 */
class WrongArgumentsTest {
    @TempDir
    static Path tmp;

    /** Stand-ins the cases use, replaced per run: a file that does not exist, and a path under a directory that does not exist. */
    static final String MISSING = "@MISSING";
    static final String NO_DIR = "@NODIR";
    static final String HUGE = "1e308";
    static final String HUGE_INT = "99999999999999999999"; // past long
    static final String SEQ = "@SEQ";
    static final String CURVE = "@CURVE";
    /** No broker listens on port 1: a case that got as far as connecting fails there, never on someone's broker. */
    static final String NO_BROKER = "tcp://127.0.0.1:1";

    /** Options that take any value of their type, and why. */
    static final Map<String, String> ANY_VALUE = Map.of(
            "--seed", "a noise seed: every long is a seed",
            "--state-dir", "created when missing, as the default ~/.cryo/state/NODE is");

    /** Wrong invocations per command (qualified name without 'cryo'); '--no-such-option' is added to every one. */
    static final Map<String, List<String[]>> CASES = new LinkedHashMap<>();

    private static void cases(String command, String[]... argLists) {
        CASES.put(command, List.of(argLists));
    }

    static {
        cases("", new String[] {});
        cases("run",
                a("--duration", "-1"), a("--duration", HUGE), a("--speed", "-1"), a("--speed", HUGE),
                a("--embedded-port", "-1", "--duration", "1"), a("--embedded-port", HUGE_INT),
                a("--signature-window", "-1", "--duration", "1"), a("--signature-window", HUGE, "--duration", "1"),
                a("--columns", "-1"), a("--columns", HUGE_INT), a("--rotate-mb", "-1", "--log", NO_DIR), a("--rotate-mb", HUGE, "--log", NO_DIR),
                a("--config", MISSING), a("--config", NO_DIR), a("--node", "fridge #2"), a("--node", ""), a("--log", NO_DIR),
                a("--operator-keys", MISSING, "--duration", "1"), a("--operator-keys", NO_DIR, "--duration", "1"),
                a("--cafile", MISSING, "--broker", "ssl://127.0.0.1:1", "--duration", "1"),
                a("--cafile", NO_DIR, "--broker", "ssl://127.0.0.1:1", "--duration", "1"),
                a("--cert", MISSING, "--broker", "ssl://127.0.0.1:1", "--duration", "1"),
                a("--key", MISSING, "--broker", "ssl://127.0.0.1:1", "--duration", "1"),
                a("--password-file", MISSING, "--broker", "tcp://127.0.0.1:1", "--username", "u", "--duration", "1"),
                a("--password-file", NO_DIR, "--broker", "tcp://127.0.0.1:1", "--username", "u", "--duration", "1"));
        cases("watch",
                a("--stale-after", "-1"), a("--stale-after", HUGE), a("--count", "-1"), a("--count", HUGE_INT),
                a("--timeout", "-1"), a("--timeout", HUGE), a("--columns", "-1"), a("--columns", HUGE_INT),
                a("--rotate-mb", "-1", "--csv", NO_DIR), a("--rotate-mb", HUGE, "--csv", NO_DIR), a("--csv", NO_DIR, "--broker", NO_BROKER),
                a("--broker", "localhost"),
                a("--cafile", MISSING, "--broker", "ssl://127.0.0.1:1"), a("--cafile", NO_DIR, "--broker", "ssl://127.0.0.1:1"),
                a("--cert", MISSING, "--broker", "ssl://127.0.0.1:1"), a("--key", MISSING, "--broker", "ssl://127.0.0.1:1"),
                a("--password-file", MISSING, "--broker", NO_BROKER, "--username", "u"));
        cases("board",
                a("--port", "-1"), a("--port", HUGE_INT), a("--speed", "-1"), a("--speed", HUGE), a("--duration", "-1"), a("--duration", HUGE));
        cases("sim",
                a(), a("--scenario", MISSING), a("--scenario", "no-such-scenario"), a("--scenario", "cooldown", "--report", NO_DIR),
                a("--scenario", "cooldown", "--trace", NO_DIR), a("--scenario", "cooldown", "--plot", NO_DIR),
                a("--scenario", "cooldown", "--plot", "@TMP/plot.svg"),
                a("--check", MISSING), a("--check", NO_DIR), a("--check", "@TMP"), a("--check", "@TMP", "--junit", NO_DIR),
                a("--scenario", "cooldown", "--junit", "@TMP/check.xml"), a("--check", "@TMP", "--scenario", "cooldown"),
                a("--scenario", "cooldown", "--config", MISSING), a("--scenario", "cooldown", "--config", NO_DIR));
        cases("sequence", a());
        cases("sequence check",
                a(MISSING), a(NO_DIR), a(), a(SEQ, "--loops", "-1"), a(SEQ, "--loops", HUGE_INT), a(SEQ, "--budget-mw", "-1"),
                a(SEQ, "--budget-mw", HUGE), a(SEQ, "--lookahead-ms", "-1"), a(SEQ, "--lookahead-ms", HUGE));
        cases("sequence plot",
                a(MISSING, "--out", "@TMP/x.png"), a(SEQ), a(SEQ, "--out", NO_DIR), a(SEQ, "--out", "@TMP/x.svg"),
                a(SEQ, "--out", "@TMP/x.pdf"), a(SEQ, "--out", "@TMP"), a(SEQ, "--out", "@TMP/x.png", "--width", "-1"),
                a(SEQ, "--out", "@TMP/x.png", "--width", HUGE_INT));
        cases("sequence run",
                a(MISSING), a(SEQ, "--loops", "-1"), a(SEQ, "--loops", HUGE_INT), a(SEQ, "--budget-mw", "-1"), a(SEQ, "--budget-mw", HUGE),
                a(SEQ, "--lookahead-ms", "-1"), a(SEQ, "--lookahead-ms", HUGE), a(SEQ, "--max-seconds", "-1"), a(SEQ, "--max-seconds", HUGE));
        cases("curve", a());
        cases("curve show", a(MISSING), a(NO_DIR), a(), a("@TMP"));
        cases("curve plot",
                a(MISSING, "--out", "@TMP/x.png"), a(CURVE), a(CURVE, "--out", NO_DIR), a(CURVE, "--out", "@TMP/x.pdf"),
                a(CURVE, "--out", "@TMP/x.png", "--width", "-1"), a(CURVE, "--out", "@TMP/x.png", "--width", HUGE_INT),
                a(CURVE, "--out", "@TMP/x.png", "--height", "-1"), a(CURVE, "--out", "@TMP/x.png", "--height", HUGE_INT));
        cases("cmd",
                a(), a("n1"), a("n1", "warp"), a("n1", "setpoint", "mxc"), a("n1", "setpoint", "mxc", "cold"),
                a("n1", "start-sequence", MISSING), a("n1", "start-sequence", SEQ, "-1"), a("n1", "start-sequence", SEQ, HUGE_INT),
                a("n1", "stop-sequence", "--timeout", "-1"), a("n1", "stop-sequence", "--timeout", HUGE),
                a("n1", "stop-sequence", "--operator-key", MISSING), a("n1", "stop-sequence", "--operator-key", NO_DIR),
                a("n1", "stop-sequence", "--broker", "localhost"),
                a("n1", "stop-sequence", "--cafile", MISSING, "--broker", "ssl://127.0.0.1:1"),
                a("n1", "stop-sequence", "--cafile", NO_DIR, "--broker", "ssl://127.0.0.1:1"),
                a("n1", "stop-sequence", "--cert", MISSING, "--broker", "ssl://127.0.0.1:1"),
                a("n1", "stop-sequence", "--key", MISSING, "--broker", "ssl://127.0.0.1:1"),
                a("n1", "stop-sequence", "--password-file", MISSING, "--broker", NO_BROKER, "--username", "u"),
                a("n1", "stop-sequence", "--password-file", NO_DIR, "--broker", NO_BROKER, "--username", "u"));
        cases("exporter",
                a("--stale-after", "-1"), a("--stale-after", HUGE), a("--history-hours", "-1"), a("--history-hours", HUGE),
                a("--duration", "-1"), a("--duration", HUGE), a("--listen", "127.0.0.1:99999"), a("--listen", "nohost"),
                a("--listen", "127.0.0.1:0", "--broker", "localhost"),
                a("--listen", "127.0.0.1:0", "--cafile", MISSING, "--broker", "ssl://127.0.0.1:1"),
                a("--listen", "127.0.0.1:0", "--cafile", NO_DIR, "--broker", "ssl://127.0.0.1:1"),
                a("--listen", "127.0.0.1:0", "--cert", MISSING, "--broker", "ssl://127.0.0.1:1"),
                a("--listen", "127.0.0.1:0", "--key", MISSING, "--broker", "ssl://127.0.0.1:1"),
                a("--listen", "127.0.0.1:0", "--password-file", MISSING, "--broker", NO_BROKER, "--username", "u"),
                a("--listen", "127.0.0.1:0", "--broker", NO_BROKER, "--duration", "1"));
        cases("alarms",
                a(), a("n1", "--timeout", "-1"), a("n1", "--timeout", HUGE), a("n1", "--ack", "-1"), a("n1", "--ack", HUGE_INT),
                a("n1", "--ack", "1", "--ack-all"), a("n1", "--ack-all", "--operator-key", MISSING), a("n1", "--ack-all", "--operator-key", NO_DIR),
                a("n1", "--cafile", MISSING, "--broker", "ssl://127.0.0.1:1"), a("n1", "--cafile", NO_DIR, "--broker", "ssl://127.0.0.1:1"),
                a("n1", "--cert", MISSING, "--broker", "ssl://127.0.0.1:1"), a("n1", "--key", MISSING, "--broker", "ssl://127.0.0.1:1"),
                a("n1", "--password-file", MISSING, "--broker", NO_BROKER, "--username", "u"),
                a("n1", "--password-file", NO_DIR, "--broker", NO_BROKER, "--username", "u"));
        cases("jobs", a());
        cases("jobs submit",
                a(), a(MISSING), a(NO_DIR), a(SEQ, "--priority", "-1"), a(SEQ, "--priority", HUGE_INT), a(SEQ, "--priority", "10"),
                a(SEQ, "--loops", "-1"), a(SEQ, "--loops", "0"), a(SEQ, "--loops", HUGE_INT), a(SEQ, "--heat-joules", "-1"),
                a(SEQ, "--heat-joules", HUGE), a(SEQ, "--timeout", "-1"), a(SEQ, "--timeout", HUGE),
                a(SEQ, "--operator-key", MISSING), a(SEQ, "--operator-key", NO_DIR), a(SEQ, "--broker", "localhost"),
                a(SEQ, "--cafile", MISSING, "--broker", "ssl://127.0.0.1:1"), a(SEQ, "--cafile", NO_DIR, "--broker", "ssl://127.0.0.1:1"),
                a(SEQ, "--cert", MISSING, "--broker", "ssl://127.0.0.1:1"), a(SEQ, "--key", MISSING, "--broker", "ssl://127.0.0.1:1"),
                a(SEQ, "--password-file", MISSING, "--broker", NO_BROKER, "--username", "u"),
                a(SEQ, "--password-file", NO_DIR, "--broker", NO_BROKER, "--username", "u"));
        cases("jobs list",
                a("--timeout", "-1"), a("--timeout", HUGE), a("--broker", "localhost"),
                a("--cafile", MISSING, "--broker", "ssl://127.0.0.1:1"), a("--cafile", NO_DIR, "--broker", "ssl://127.0.0.1:1"),
                a("--cert", MISSING, "--broker", "ssl://127.0.0.1:1"), a("--key", MISSING, "--broker", "ssl://127.0.0.1:1"),
                a("--password-file", MISSING, "--broker", NO_BROKER, "--username", "u"),
                a("--password-file", NO_DIR, "--broker", NO_BROKER, "--username", "u"));
        cases("jobs cancel",
                a(), a(""), a("j1", "--timeout", "-1"), a("j1", "--timeout", HUGE), a("j1", "--operator-key", MISSING),
                a("j1", "--operator-key", NO_DIR), a("j1", "--broker", "localhost"),
                a("j1", "--cafile", MISSING, "--broker", "ssl://127.0.0.1:1"), a("j1", "--cafile", NO_DIR, "--broker", "ssl://127.0.0.1:1"),
                a("j1", "--cert", MISSING, "--broker", "ssl://127.0.0.1:1"), a("j1", "--key", MISSING, "--broker", "ssl://127.0.0.1:1"),
                a("j1", "--password-file", MISSING, "--broker", NO_BROKER, "--username", "u"),
                a("j1", "--password-file", NO_DIR, "--broker", NO_BROKER, "--username", "u"));
    }

    static String[] a(String... args) {
        return args;
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(String[] args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CryoMain.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Leaf and group commands by qualified name without the leading 'cryo' ("" is cryo itself). */
    static Map<String, CommandSpec> commands() {
        Map<String, CommandSpec> all = new LinkedHashMap<>();
        collect(new CommandLine(new CryoMain()), all);
        return all;
    }

    private static void collect(CommandLine cl, Map<String, CommandSpec> all) {
        all.put(cl.getCommandSpec().qualifiedName().replaceFirst("^cryo ?", ""), cl.getCommandSpec());
        for (CommandLine sub : new java.util.LinkedHashSet<>(cl.getSubcommands().values())) {
            collect(sub, all);
        }
    }

    private static boolean numeric(Class<?> t) {
        return t == int.class || t == long.class || t == double.class || t == Integer.class || t == Long.class || t == Double.class;
    }

    @Test
    void everyCommandAndOptionIsCovered() {
        List<String> gaps = new ArrayList<>();
        Map<String, CommandSpec> all = commands();
        Set<String> unknown = new TreeSet<>(CASES.keySet());
        unknown.removeAll(all.keySet());
        if (!unknown.isEmpty()) {
            gaps.add("cases for commands that do not exist: " + unknown);
        }
        for (Map.Entry<String, CommandSpec> e : all.entrySet()) {
            String name = e.getKey();
            List<String[]> cases = CASES.get(name);
            if (cases == null) {
                gaps.add("'cryo " + name + "' has no wrong-argument cases");
                continue;
            }
            for (OptionSpec o : e.getValue().options()) {
                String opt = o.longestName();
                if (o.usageHelp() || o.versionHelp() || ANY_VALUE.containsKey(opt)) {
                    continue;
                }
                if (numeric(o.type())) {
                    boolean negative = has(cases, opt, v -> v.startsWith("-"));
                    boolean huge = has(cases, opt, v -> v.equals(HUGE) || v.equals(HUGE_INT));
                    if (!negative || !huge) {
                        gaps.add("cryo " + name + " " + opt + ": needs a negative and a huge case (or an ANY_VALUE reason)");
                    }
                }
                if (o.type() == Path.class || o.type() == java.io.File.class) {
                    if (!has(cases, opt, v -> v.equals(MISSING) || v.equals(NO_DIR))) {
                        gaps.add("cryo " + name + " " + opt + ": needs a missing-file or missing-directory case");
                    }
                }
            }
            for (CommandLine.Model.PositionalParamSpec p : e.getValue().positionalParameters()) {
                if (p.type() == Path.class && cases.stream().noneMatch(c -> Arrays.asList(c).contains(MISSING))) {
                    gaps.add("cryo " + name + " " + p.paramLabel() + ": needs a missing-file case");
                }
            }
        }
        if (!gaps.isEmpty()) {
            fail(gaps.size() + " gaps:\n" + String.join("\n", gaps));
        }
    }

    private static boolean has(List<String[]> cases, String opt, java.util.function.Predicate<String> value) {
        for (String[] c : cases) {
            for (int i = 0; i + 1 < c.length; i++) {
                if (c[i].equals(opt) && value.test(c[i + 1])) {
                    return true;
                }
            }
        }
        return false;
    }

    @TestFactory
    Stream<DynamicTest> everyWrongInvocationIsOneLineAndANonZeroExit() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, List<String[]>> e : CASES.entrySet()) {
            List<String[]> all = new ArrayList<>(e.getValue());
            all.add(a("--no-such-option"));
            for (String[] c : all) {
                List<String> args = new ArrayList<>();
                if (!e.getKey().isEmpty()) {
                    args.addAll(Arrays.asList(e.getKey().split(" ")));
                }
                for (String v : c) {
                    args.add(resolve(v));
                }
                tests.add(DynamicTest.dynamicTest("cryo " + String.join(" ", args), () -> {
                    Result r = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run(args.toArray(new String[0])),
                            "a wrong argument must be answered, not run");
                    String err = r.err.strip();
                    assertTrue(r.code != 0, "non-zero exit: " + r);
                    assertFalse(err.isEmpty(), "says why on stderr: " + r);
                    assertEquals(1, err.lines().count(), "one line: " + err);
                    assertFalse(err.contains("Exception") || err.contains("\tat ") || r.out.contains("\tat "), "no stack trace: " + r);
                    assertTrue(err.startsWith("cryo: "), err);
                    assertFalse(err.contains("cryo cryo"), err);
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void hintsNameTheCommandTheUserTyped() {
        assertTrue(run(new String[] {}).err.contains("(see 'cryo --help')"), "not 'cryo cryo --help'");
        Result r = run(new String[] {"sequence", "plot", resolve(SEQ)});
        assertTrue(r.err.contains("--out") && r.err.contains("(see 'cryo sequence plot --help')"), r.err);
    }

    @Test
    void helpNamesTheLauncherOnlyCommands() {
        Result r = run(new String[] {"--help"});
        assertEquals(0, r.code);
        for (String c : new String[] {"bundle", "loader", "bench"}) {
            assertTrue(r.out.contains(c), c + " in " + r.out);
        }
    }

    @Test
    void plotsRefuseFormatsTheyDoNotWrite() {
        Result r = run(new String[] {"sequence", "plot", resolve(SEQ), "--out", tmp.resolve("x.svg").toString()});
        assertTrue(r.err.contains("plots are written as PNG only (.svg asked)"), r.err);
        assertFalse(java.nio.file.Files.exists(tmp.resolve("x.svg")), "no PNG bytes under an .svg name");
        r = run(new String[] {"sequence", "plot", resolve(SEQ), "--out", tmp.resolve("no-dir").resolve("x.png").toString()});
        assertTrue(r.err.contains("--out") && r.err.contains("does not exist"), r.err);
    }

    private static String resolve(String v) {
        switch (v) {
            case MISSING: return tmp.resolve("missing.file").toString();
            case NO_DIR: return tmp.resolve("no-such-dir").resolve("x.png").toString();
            case SEQ: return Path.of("..", "examples", "ramsey.txtpb").toAbsolutePath().normalize().toString();
            case CURVE: return Path.of("..", "controller", "src", "main", "resources", "curves", "sim-ruox-mxc.340").toAbsolutePath().normalize().toString();
            default: return v.replace("@TMP", tmp.toString());
        }
    }
}
