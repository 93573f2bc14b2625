package dev.labconsole.lab;

/** Thrown by {@link LabEngine#start} while another run of the same engine has not ended. */
public final class RunInProgressException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final transient LabRun running;

    RunInProgressException(LabRun running) {
        super("A " + running.phase().name().toLowerCase(java.util.Locale.ROOT) + " run is still going: wait for it"
                + " to end or stop it first.");
        this.running = running;
    }

    /** The run that is going. */
    public LabRun running() {
        return running;
    }
}
