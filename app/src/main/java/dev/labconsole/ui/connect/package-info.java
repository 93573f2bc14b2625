/** The Connect page: profile, region, pasted AWS Academy credentials, practice mode against an emulator. */
package dev.labconsole.ui.connect;
