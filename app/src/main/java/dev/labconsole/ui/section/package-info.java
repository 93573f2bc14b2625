/** One reusable page per lab section: explanation, settings, Create and Check, live step rows, CLI equivalent. */
package dev.labconsole.ui.section;
