package dev.labconsole.lab;

/** The lab's sections, in the order the course walks through them (the window's sidebar). */
public enum Section {
    IDENTITY("Connect"),
    STORAGE("Storage"),
    REGISTRY("Registry"),
    NETWORK("Network"),
    LOAD_BALANCER("Load balancer"),
    CONTAINERS("Containers"),
    TEST("Test");

    private final String title;

    Section(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
