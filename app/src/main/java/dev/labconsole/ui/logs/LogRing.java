package dev.labconsole.ui.logs;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * A list over a circular array: appending and dropping the oldest element are O(1), where an
 * {@code ArrayList} moves every remaining element to drop its first. The Logs page keeps its newest
 * {@link LogsViewModel#MAX_LINES} lines in one.
 */
final class LogRing<E> extends AbstractList<E> implements RandomAccess {

    private Object[] items;
    private int head;
    private int size;

    LogRing(int initialCapacity) {
        items = new Object[Math.max(16, initialCapacity)];
    }

    @Override
    @SuppressWarnings("unchecked")
    public E get(int index) {
        return (E) items[slot(checkIndex(index))];
    }

    @Override
    @SuppressWarnings("unchecked")
    public E set(int index, E element) {
        int slot = slot(checkIndex(index));
        E old = (E) items[slot];
        items[slot] = element;
        return old;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void add(int index, E element) {
        if (index < 0 || index > size) {
            throw new IndexOutOfBoundsException(index);
        }
        if (size == items.length) {
            grow();
        }
        modCount++;
        // Lines only ever arrive at the end; an insert elsewhere moves the tail along by one.
        for (int i = size; i > index; i--) {
            items[slot(i)] = items[slot(i - 1)];
        }
        items[slot(index)] = element;
        size++;
    }

    @Override
    @SuppressWarnings("unchecked")
    public E remove(int index) {
        checkIndex(index);
        modCount++;
        E old = (E) items[slot(index)];
        if (index == 0) {
            items[head] = null;
            head = (head + 1) % items.length;
        } else {
            for (int i = index; i < size - 1; i++) {
                items[slot(i)] = items[slot(i + 1)];
            }
            items[slot(size - 1)] = null;
        }
        size--;
        return old;
    }

    @Override
    public void clear() {
        modCount++;
        Arrays.fill(items, null);
        head = 0;
        size = 0;
    }

    private void grow() {
        Object[] bigger = new Object[items.length * 2];
        for (int i = 0; i < size; i++) {
            bigger[i] = items[slot(i)];
        }
        items = bigger;
        head = 0;
    }

    private int slot(int index) {
        int slot = head + index;
        return slot >= items.length ? slot - items.length : slot;
    }

    private int checkIndex(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return index;
    }
}
