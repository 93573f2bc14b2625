/**
 * The lab engine: the lab's settings and their rules, and (as it grows) the steps that build,
 * check and tear down the AWS resources. Never imports JavaFX; the window and the command line
 * both drive it.
 */
package dev.labconsole.lab;
