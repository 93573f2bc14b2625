/** The Registry page's image panel: build and push the service's image with a progress bar per layer. */
package dev.labconsole.ui.image;
