package dev.labconsole.ui;

import javafx.application.Application;
import javafx.stage.Stage;

/** The console window. */
public final class ConsoleApp extends Application {

    /** Opens the window and returns when it is closed. */
    public static void launchWindow(String[] args) {
        Application.launch(ConsoleApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        stage.setTitle("Lab Console");
        stage.show();
    }
}
