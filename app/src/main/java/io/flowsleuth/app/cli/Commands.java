package io.flowsleuth.app.cli;

import java.util.ArrayList;
import java.util.List;

/** The registry of command-line commands, in the order {@code --help} lists them. */
final class Commands {
    private Commands() {
    }

    static List<Command> all() {
        List<Command> list = new ArrayList<>();
        // each feature adds its commands here, one line each
        list.add(new GenerateCommand());
        list.add(new ImportCommand());
        list.add(new InfoCommand());
        list.add(new CountCommand());
        list.add(new QueryCommand());
        list.add(new ConversationsCommand());
        list.add(new TalkersCommand());
        list.add(new TimelineCommand());
        list.add(new DiagnoseCommand());
        list.add(new DetectCommand());
        list.add(new PullCommand());
        list.add(new LogGroupsCommand());
        list.add(new AwsProfilesCommand());
        return list;
    }
}
