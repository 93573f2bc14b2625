/**
 * The JavaFX console window. Each page is a view (controls, bindings, nothing else) over a view
 * model (state and commands, unit-tested without the toolkit); slow work goes through a
 * {@link dev.labconsole.ui.BackgroundRunner}, never on the FX thread.
 */
package dev.labconsole.ui;
