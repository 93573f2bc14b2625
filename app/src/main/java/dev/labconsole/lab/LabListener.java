package dev.labconsole.lab;

/** Receives the engine's events; called from the engine's worker threads, so it must be thread-safe. */
@FunctionalInterface
public interface LabListener {
    void onEvent(LabEvent event);
}
