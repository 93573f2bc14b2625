/** The Logs page: a live tail of the service's log group, batched onto the UI thread. */
package dev.labconsole.ui.logs;
