/** The window's frame: sidebar of pages, header with the lab, the account and its cost, theme toggle. */
package dev.labconsole.ui.shell;
