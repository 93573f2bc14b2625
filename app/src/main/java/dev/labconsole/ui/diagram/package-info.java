/** The network diagram: an immutable model from the lab's state and a Pane that draws it. */
package dev.labconsole.ui.diagram;
