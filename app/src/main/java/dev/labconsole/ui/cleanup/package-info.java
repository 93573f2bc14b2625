/** The Clean up page: what exists with its hourly cost, and teardown after typing the lab's name. */
package dev.labconsole.ui.cleanup;
