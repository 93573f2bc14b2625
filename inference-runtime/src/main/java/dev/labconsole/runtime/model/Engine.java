package dev.labconsole.runtime.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The DJL engines a model folder can name, with the file extension each expects. */
public enum Engine {
    PYTORCH("PyTorch", ".pt"),
    ONNX_RUNTIME("OnnxRuntime", ".onnx");

    private final String djlName;
    private final String fileExtension;

    Engine(String djlName, String fileExtension) {
        this.djlName = djlName;
        this.fileExtension = fileExtension;
    }

    /** The engine name DJL knows it by, and the one {@code model.properties} uses. */
    public String djlName() {
        return djlName;
    }

    public String fileExtension() {
        return fileExtension;
    }

    /** Parses the {@code engine} property, case-insensitively. */
    public static Engine fromName(String name) {
        for (Engine engine : values()) {
            if (engine.djlName.equalsIgnoreCase(name.trim())) {
                return engine;
            }
        }
        throw new ModelException("unknown engine '" + name + "': use one of "
                + Arrays.stream(values()).map(Engine::djlName).collect(Collectors.joining(", "))
                + " (engine=... in model.properties)");
    }

    @Override
    public String toString() {
        return djlName.toLowerCase(Locale.ROOT);
    }
}
