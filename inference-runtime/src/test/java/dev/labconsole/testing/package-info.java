/**
 * Test support shared by every module: the {@code moto} AWS emulator as a JUnit 5 extension, and
 * helpers to find the project's files.
 */
package dev.labconsole.testing;
