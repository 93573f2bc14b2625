package dev.labconsole.lab;

/** The service did not become healthy; its message is the diagnosis, and the diagnosis comes with it. */
public final class ServiceNotHealthyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ServiceDiagnosis.Diagnosis diagnosis;

    public ServiceNotHealthyException(String message, ServiceDiagnosis.Diagnosis diagnosis) {
        super(message);
        this.diagnosis = diagnosis;
    }

    public ServiceDiagnosis.Diagnosis diagnosis() {
        return diagnosis;
    }
}
