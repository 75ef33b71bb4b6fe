package io.flowsleuth.app.filterbar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowsleuth.app.common.AppPreferences;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilterBarViewModelTest {
    @TempDir
    Path dir;

    private FilterBarViewModel vm(AppPreferences p) {
        return new FilterBarViewModel(new LanguageFilterChecker(null), p);
    }

    @Test
    void statesFollowTheText() {
        FilterBarViewModel vm = vm(AppPreferences.inMemory());
        assertEquals(FilterState.EMPTY, vm.state());
        vm.textProperty().set("dstport == 22");
        assertEquals(FilterState.VALID, vm.state());
        vm.textProperty().set("dsport == 22");
        assertEquals(FilterState.INVALID, vm.state());
        FilterCheck c = vm.checkProperty().get();
        assertEquals(0, c.start());
        assertEquals(6, c.end());
        assertTrue(c.display().contains("dstport"), c.display());
        assertTrue(c.display().startsWith("At 0..6"), c.display());
        vm.textProperty().set("action == accept and action == reject");
        assertEquals(FilterState.WARNING, vm.state());
    }

    @Test
    void invalidFiltersAreNotApplied() {
        FilterBarViewModel vm = vm(AppPreferences.inMemory());
        assertTrue(vm.apply("dstport == 22"));
        assertEquals("dstport == 22", vm.applied());
        assertFalse(vm.apply("dstport == ssh2"));
        assertEquals("dstport == 22", vm.applied());
        assertTrue(vm.isDirty());
        vm.clear();
        assertEquals("", vm.applied());
    }

    @Test
    void historyAndSavedFiltersPersist() {
        AppPreferences p = new AppPreferences(dir.resolve("prefs.properties"));
        FilterBarViewModel vm = vm(p);
        vm.apply("$ssh");
        vm.apply("action == reject");
        vm.apply("$ssh");
        assertEquals(List.of("$ssh", "action == reject"), vm.history());
        vm.save("Rejected SSH", "$ssh and $rejected");
        FilterBarViewModel again = vm(new AppPreferences(dir.resolve("prefs.properties")));
        assertEquals(List.of("$ssh", "action == reject"), again.history());
        assertEquals(List.of(new FilterBarViewModel.SavedFilter("Rejected SSH", "$ssh and $rejected")), again.saved());
        again.remove("Rejected SSH");
        assertTrue(again.saved().isEmpty());
    }

    @Test
    void combiningLikeWiresharksApplyAsFilter() {
        FilterBarViewModel vm = vm(AppPreferences.inMemory());
        vm.combine(FilterBarViewModel.Combine.REPLACE, "dstport == 22");
        assertEquals("dstport == 22", vm.applied());
        vm.combine(FilterBarViewModel.Combine.AND, "action == reject");
        assertEquals("dstport == 22 and action == reject", vm.applied());
        vm.combine(FilterBarViewModel.Combine.OR, "dstport == 3389");
        assertEquals("dstport == 22 and action == reject or dstport == 3389", vm.applied());
        vm.combine(FilterBarViewModel.Combine.EXCLUDE, "srcaddr == 10.0.0.1");
        assertEquals("(dstport == 22 and action == reject or dstport == 3389) and not (srcaddr == 10.0.0.1)", vm.applied());
        vm.clear();
        vm.combine(FilterBarViewModel.Combine.EXCLUDE, "action == accept");
        assertEquals("not (action == accept)", vm.applied());
    }

    @Test
    void completionProposesFieldsOperatorsMacrosAndCaseValues() {
        LanguageFilterChecker c = new LanguageFilterChecker((f, prefix, limit) -> f == io.flowsleuth.model.Field.INTERFACE_ID
                ? List.of("eni-0a", "eni-0b").stream().filter(v -> v.startsWith(prefix)).toList() : List.of());
        assertTrue(c.complete("dst", 3).stream().anyMatch(s -> s.insert().equals("dstport") && s.kind().equals("field")));
        assertTrue(c.complete("dstport ", 8).stream().anyMatch(s -> s.insert().equals("==")));
        assertTrue(c.complete("$s", 2).stream().anyMatch(s -> s.insert().equals("$ssh")));
        List<FilterChecker.Suggestion> v = c.complete("interface-id == eni-0", 21);
        assertEquals(List.of("eni-0a", "eni-0b"), v.stream().map(FilterChecker.Suggestion::insert).toList());
        assertEquals(16, v.get(0).replaceStart());
        assertTrue(c.complete("dstport == 22 ", 14).stream().anyMatch(s -> s.insert().equals("and")));
    }
}
