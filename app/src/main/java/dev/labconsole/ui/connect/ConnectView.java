package dev.labconsole.ui.connect;

import atlantafx.base.theme.Styles;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/** The Connect page's controls, bound to a {@link ConnectViewModel}. */
public final class ConnectView {

    private final ScrollPane root;

    public ConnectView(ConnectViewModel model) {
        Label title = new Label("Connect");
        title.getStyleClass().add(Styles.TITLE_2);
        Label intro = new Label("Choose how the lab reaches AWS: a profile from ~/.aws, the three values AWS Academy"
                + " shows under \"AWS Details\", or practice mode against a local emulator (no AWS account, no cost).");
        intro.setWrapText(true);

        TextField lab = new TextField();
        lab.setId("labName");
        lab.textProperty().bindBidirectional(model.labProperty());
        ComboBox<String> profile = new ComboBox<>(model.profiles());
        profile.setId("profile");
        profile.setEditable(true);
        profile.valueProperty().bindBidirectional(model.profileProperty());
        TextField region = new TextField();
        region.setId("region");
        region.textProperty().bindBidirectional(model.regionProperty());
        TextArea pasted = new TextArea();
        pasted.setId("pasted");
        pasted.setPromptText("Paste the block under AWS Details > AWS CLI: aws_access_key_id=..., aws_secret_access_key=...,"
                + " aws_session_token=...");
        pasted.setPrefRowCount(4);
        pasted.textProperty().bindBidirectional(model.pastedProperty());
        Label pastedNote = new Label("Kept in memory only: never written to disk or logged.");
        pastedNote.getStyleClass().add(Styles.TEXT_MUTED);

        ToggleButton practice = new ToggleButton("Practice mode");
        practice.setId("practice");
        practice.selectedProperty().bindBidirectional(model.practiceModeProperty());
        TextField emulator = new TextField();
        emulator.setId("emulatorUrl");
        emulator.textProperty().bindBidirectional(model.emulatorUrlProperty());
        emulator.disableProperty().bind(model.practiceModeProperty().not());
        Button startEmulator = new Button("Start emulator");
        startEmulator.setId("startEmulator");
        startEmulator.setDisable(!model.canStartEmulator());
        startEmulator.disableProperty().bind(model.practiceModeProperty().not()
                .or(model.emulatorRunningProperty())
                .or(javafx.beans.binding.Bindings.createBooleanBinding(() -> !model.canStartEmulator())));
        startEmulator.setOnAction(e -> model.startEmulator());
        // Realistic timing: the emulator behind a proxy that takes AWS's times (scaled) and gives its transient errors.
        javafx.scene.control.ChoiceBox<Double> timing = new javafx.scene.control.ChoiceBox<>(
                javafx.collections.FXCollections.observableArrayList(0.0, 0.1, 1.0));
        timing.setId("emulatorTiming");
        timing.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Double scale) {
                return scale == null || scale <= 0 ? "instant" : scale >= 1 ? "realistic timing (AWS's)"
                        : "realistic timing x" + scale;
            }

            @Override
            public Double fromString(String text) {
                return null;
            }
        });
        timing.setValue(model.timingScaleProperty().get());
        timing.valueProperty().addListener((o, was, now) -> model.timingScaleProperty().set(now == null ? 0 : now));
        timing.disableProperty().bind(startEmulator.disableProperty());
        Label emulatorNote = new Label(model.canStartEmulator() ? "" : "No moto_server found (on the PATH, in ~/.local/bin"
                + " or the checkout's .venv-moto / .venv-test): to practise locally, install it with"
                + " pipx install 'moto[server]' (or pip install 'moto[server]' in a virtualenv), then reopen Lab Console");
        emulatorNote.getStyleClass().add(Styles.TEXT_MUTED);

        GridPane form = new GridPane();
        form.setHgap(12);
        form.setVgap(10);
        form.addRow(0, new Label("Lab name"), lab);
        form.addRow(1, new Label("Profile"), profile);
        form.addRow(2, new Label("Region"), region);
        form.addRow(3, new Label("AWS Details"), new VBox(4, pasted, pastedNote));
        practice.setMinWidth(Region.USE_PREF_SIZE);
        startEmulator.setMinWidth(Region.USE_PREF_SIZE);
        emulator.setPrefColumnCount(22);
        form.addRow(4, practice, new HBox(8, emulator, startEmulator, timing));
        form.add(emulatorNote, 1, 5);

        Button connect = new Button("Connect");
        connect.setId("connect");
        connect.getStyleClass().add(Styles.ACCENT);
        connect.setDefaultButton(true);
        connect.disableProperty().bind(model.canConnectProperty().not());
        connect.setOnAction(e -> model.connect());
        Label problem = new Label();
        problem.setId("connectProblem");
        problem.getStyleClass().add(Styles.DANGER);
        problem.setWrapText(true);
        problem.textProperty().bind(model.problemProperty());

        Label status = new Label();
        status.setId("connectStatus");
        status.setWrapText(true);
        status.textProperty().bind(model.statusProperty());
        Label warning = new Label();
        warning.setId("connectWarning");
        warning.setWrapText(true);
        warning.getStyleClass().add(Styles.WARNING);
        warning.textProperty().bind(model.warningProperty());

        GridPane who = new GridPane();
        who.setHgap(12);
        who.setVgap(6);
        who.addRow(0, new Label("Account"), bound("account", model.accountProperty()));
        who.addRow(1, new Label("Identity"), bound("identityArn", model.identityArnProperty()));
        who.addRow(2, new Label("Region"), bound("connectedRegion", model.connectedRegionProperty()));

        Label expiry = new Label();
        expiry.setId("sessionExpiry");
        expiry.setWrapText(true);
        expiry.textProperty().bind(model.sessionExpiryProperty());
        model.sessionExpiredProperty().addListener((o, was, now) -> {
            expiry.getStyleClass().remove(Styles.DANGER);
            if (now) {
                expiry.getStyleClass().add(Styles.DANGER);
            }
        });
        // The countdown is in minutes: every 30 s keeps it at most half a minute behind.
        Timeline countdown = new Timeline(new KeyFrame(Duration.seconds(30), e -> model.refreshSessionExpiry()));
        countdown.setCycleCount(Animation.INDEFINITE);
        countdown.play();
        VBox content = new VBox(14, title, intro, form, new HBox(12, connect, problem), status, expiry, warning,
                who);
        content.setPadding(new Insets(20));
        content.setMaxWidth(980);
        root = new ScrollPane(content);
        root.setFitToWidth(true);
    }

    private static Label bound(String id, javafx.beans.value.ObservableValue<String> text) {
        Label label = new Label();
        label.setId(id);
        label.textProperty().bind(text);
        return label;
    }

    public Node root() {
        return root;
    }
}
