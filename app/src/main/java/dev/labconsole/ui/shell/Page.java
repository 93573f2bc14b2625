package dev.labconsole.ui.shell;

import dev.labconsole.lab.Section;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.material2.Material2OutlinedAL;
import org.kordamp.ikonli.material2.Material2OutlinedMZ;

/** The window's pages, in sidebar order: the lab's numbered steps, then the side pages. */
public enum Page {
    CONNECT("Connect", Material2OutlinedAL.LINK, null),
    STORAGE("Storage", Material2OutlinedMZ.STORAGE, Section.STORAGE),
    REGISTRY("Registry", Material2OutlinedAL.APPS, Section.REGISTRY),
    NETWORK("Network", Material2OutlinedAL.ACCOUNT_TREE, Section.NETWORK),
    LOAD_BALANCER("Load balancer", Material2OutlinedAL.CALL_SPLIT, Section.LOAD_BALANCER),
    CONTAINERS("Containers", Material2OutlinedMZ.WIDGETS, Section.CONTAINERS),
    TEST("Test", Material2OutlinedMZ.SPEED, null),
    LOGS("Logs", Material2OutlinedAL.ARTICLE, null),
    CLEANUP("Clean up", Material2OutlinedAL.DELETE_SWEEP, null),
    // Side pages: useful at any time, not steps of the lab.
    PREDICT("Predict locally", Material2OutlinedMZ.PSYCHOLOGY, null),
    MONITORING("Monitoring", Material2OutlinedMZ.SHOW_CHART, null),
    SCALE("Scale and roll out", Material2OutlinedMZ.TRENDING_UP, null),
    ACCOUNT("Account", Material2OutlinedAL.ACCOUNT_CIRCLE, null);

    private final String title;
    private final Ikon icon;
    private final Section section;

    Page(String title, Ikon icon, Section section) {
        this.title = title;
        this.icon = icon;
        this.section = section;
    }

    public String title() {
        return title;
    }

    public Ikon icon() {
        return icon;
    }

    /** The step's number in the lab (1 for Connect), or 0 for a side page. */
    public int number() {
        return ordinal() >= PREDICT.ordinal() ? 0 : ordinal() + 1;
    }

    /** The next numbered page, if this is a numbered page before the last. */
    public java.util.Optional<Page> next() {
        Page[] all = values();
        return number() == 0 || ordinal() + 1 >= all.length || all[ordinal() + 1].number() == 0
                ? java.util.Optional.empty() : java.util.Optional.of(all[ordinal() + 1]);
    }

    /** The lab section the page shows, or null for the other pages. */
    public Section section() {
        return section;
    }
}
